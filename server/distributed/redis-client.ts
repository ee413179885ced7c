/**
 * A Redis connection in the shape BullMQ asks of its clients (`IRedisClient`), over one TCP
 * socket and the RESP2 codec. It covers what BullMQ's queues, workers and queue events use:
 * Lua scripts, pipelines and transactions, blocking pops and stream reads. Like the clients BullMQ
 * ships adapters for, it connects at construction, queues commands until the connection is ready,
 * and reconnects after the server goes away; commands in flight when a connection drops fail with
 * BullMQ's ConnectionClosedError, which BullMQ's loops expect and retry.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { Readable } from 'node:stream';
import { ConnectionClosedError, type IRedisClient, type IRedisTransaction } from 'bullmq';
import { pairsToObject, RedisBatch } from './redis-batch.js';
import { encodeCommand, NEED_DATA, RedisReplyError, RespReader, type CommandArgument, type RespReply } from './resp-codec.js';

export interface RedisClientOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url?: string;
  host?: string;
  port?: number;
  /** Sent with CLIENT SETNAME before the connection counts as ready. */
  connectionName?: string;
  [other: string]: unknown;
}

interface Pending {
  resolve: (reply: RespReply) => void;
  reject: (error: Error) => void;
}

export interface Script {
  sha: string;
  lua: string;
  numberOfKeys: number;
}

type Status = 'wait' | 'connecting' | 'ready' | 'reconnecting' | 'end';

const RECONNECT_MAX_DELAY_MS = 5000;

export class RedisClient extends EventEmitter implements IRedisClient {
  status: Status = 'wait';
  readonly isCluster = false;
  options: RedisClientOptions;
  private readonly target: { host: string; port: number; username?: string; password?: string; db?: number };
  private socket: net.Socket | undefined;
  private reader = new RespReader();
  private inFlight: Pending[] = [];
  private offline: { args: CommandArgument[]; pending: Pending }[] = [];
  private readonly scripts = new Map<string, Script>();
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(options: RedisClientOptions = {}) {
    super();
    this.options = { ...options };
    this.target = targetOf(options);
    void this.connect().catch(() => undefined);
  }

  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.status = this.status === 'wait' || this.status === 'end' ? 'connecting' : this.status;
    this.connecting = new Promise<void>((resolve, reject) => {
      const socket = net.createConnection({ host: this.target.host, port: this.target.port });
      socket.setNoDelay(true);
      this.socket = socket;
      this.reader = new RespReader();
      socket.on('data', (bytes: Buffer) => this.onData(bytes));
      socket.once('error', (error) => {
        this.emitError(error);
        reject(error);
      });
      socket.once('close', () => {
        this.connecting = undefined;
        this.onClose(socket);
        reject(new ConnectionClosedError('Connection is closed.'));
      });
      socket.once('connect', () => {
        this.handshake().then(
          () => {
            this.connecting = undefined;
            this.status = 'ready';
            this.reconnectAttempts = 0;
            this.flushOffline();
            this.emit('connect');
            this.emit('ready');
            resolve();
          },
          (error: Error) => {
            this.emitError(error);
            socket.destroy();
            reject(error);
          },
        );
      });
    });
    return this.connecting;
  }

  disconnect(reconnect = false): void {
    clearTimeout(this.reconnectTimer);
    if (!reconnect) {
      this.status = 'end';
      this.failOffline();
    }
    if (this.socket) {
      this.socket.destroy();
    } else if (!reconnect) {
      // Between reconnection attempts there is no socket whose closing would announce the end.
      this.emit('close');
      this.emit('end');
    } else {
      void this.connect().catch(() => undefined);
    }
  }

  async quit(): Promise<string> {
    if (this.status === 'end') return 'OK';
    const socket = this.status === 'ready' ? this.socket : undefined;
    // 'end' first: the server closing the socket after QUIT must not look like a lost connection.
    this.status = 'end';
    clearTimeout(this.reconnectTimer);
    this.failOffline();
    if (socket) await new Promise<unknown>((resolve) => this.write(['QUIT'], { resolve, reject: resolve }));
    this.disconnect(false);
    return 'OK';
  }

  duplicate(overrides: Partial<RedisClientOptions> = {}): RedisClient {
    const copy = new RedisClient({ ...this.options, ...overrides });
    for (const [name, script] of this.scripts) copy.scripts.set(name, script);
    return copy;
  }

  /** Sends any command; the typed methods below are this with BullMQ's argument shapes. */
  call(...args: CommandArgument[]): Promise<any> {
    return new Promise<RespReply>((resolve, reject) => {
      const pending = { resolve, reject };
      if (this.status === 'end') return reject(new ConnectionClosedError('Connection is closed.'));
      if (this.status !== 'ready' || !this.socket) {
        this.offline.push({ args, pending });
        return;
      }
      this.write(args, pending);
    }).then((reply) => {
      if (reply instanceof RedisReplyError) throw reply;
      return reply;
    });
  }

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(definition.lua).digest('hex');
    this.scripts.set(name, { sha, lua: definition.lua, numberOfKeys: definition.numberOfKeys });
    // BullMQ checks `client[name]` to learn whether a script is defined already.
    (this as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => this.runCommand(name, args);
  }

  async runCommand(name: string, args: unknown[]): Promise<any> {
    const { script, argv } = this.scriptCall(name, args);
    try {
      return await this.call('EVALSHA', script.sha, script.numberOfKeys, ...argv);
    } catch (error) {
      // The server forgets scripts when it restarts; EVAL sends the source and caches it again.
      if (error instanceof RedisReplyError && error.message.startsWith('NOSCRIPT')) {
        return this.call('EVAL', script.lua, script.numberOfKeys, ...argv);
      }
      throw error;
    }
  }

  /** A script's KEYS and ARGV as command arguments; nothing BullMQ passes is dropped or reordered. */
  scriptCall(name: string, args: unknown[]): { script: Script; argv: CommandArgument[] } {
    const script = this.scripts.get(name);
    if (!script) throw new Error(`unknown Redis script "${name}"`);
    const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const argv = flat.map((value) => (Buffer.isBuffer(value) ? value : value === undefined || value === null ? '' : String(value)));
    return { script, argv };
  }

  multi(): IRedisTransaction {
    return new RedisBatch(this, true);
  }

  pipeline(): IRedisTransaction {
    return new RedisBatch(this, false);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return pairsToObject(await this.call('HGETALL', key));
  }
  hget(key: string, field: string): Promise<string | null> {
    return this.call('HGET', key, field);
  }
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]> {
    return this.call('HMGET', key, ...fields);
  }
  hset(key: string, data: Record<string, string | number>): Promise<number> {
    return this.call('HSET', key, ...Object.entries(data).flat());
  }
  hdel(key: string, ...fields: string[]): Promise<number> {
    return this.call('HDEL', key, ...fields);
  }
  hexists(key: string, field: string): Promise<number> {
    return this.call('HEXISTS', key, field);
  }
  get(key: string): Promise<string | null> {
    return this.call('GET', key);
  }
  set(key: string, value: string | number, options?: { PX?: number; EX?: number }): Promise<string | null> {
    const expiry = options?.PX !== undefined ? ['PX', options.PX] : options?.EX !== undefined ? ['EX', options.EX] : [];
    return this.call('SET', key, value, ...expiry);
  }
  del(...keys: string[]): Promise<number> {
    return this.call('DEL', ...keys);
  }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : []));
  }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZREVRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : []));
  }
  zcard(key: string): Promise<number> {
    return this.call('ZCARD', key);
  }
  zscore(key: string, member: string): Promise<string | null> {
    return this.call('ZSCORE', key, member);
  }
  lrange(key: string, start: number, end: number): Promise<string[]> {
    return this.call('LRANGE', key, start, end);
  }
  llen(key: string): Promise<number> {
    return this.call('LLEN', key);
  }
  ltrim(key: string, start: number, end: number): Promise<string> {
    return this.call('LTRIM', key, start, end);
  }
  lpos(key: string, value: string): Promise<number | null> {
    return this.call('LPOS', key, value);
  }
  smembers(key: string): Promise<string[]> {
    return this.call('SMEMBERS', key);
  }
  xadd(key: string, id: string, fields: Record<string, string | number>, options?: { MAXLEN?: number; approximate?: boolean }): Promise<string> {
    const trim = options?.MAXLEN !== undefined ? ['MAXLEN', ...(options.approximate === false ? [] : ['~']), options.MAXLEN] : [];
    return this.call('XADD', key, ...trim, id, ...Object.entries(fields).flat());
  }
  xread(streams: { key: string; id: string }[], options?: { BLOCK?: number; COUNT?: number }): Promise<any> {
    const block = options?.BLOCK !== undefined ? ['BLOCK', options.BLOCK] : [];
    const count = options?.COUNT !== undefined ? ['COUNT', options.COUNT] : [];
    return this.call('XREAD', ...block, ...count, 'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id));
  }
  xtrim(key: string, strategy: 'MAXLEN', threshold: number, options?: { approximate?: boolean }): Promise<number> {
    return this.call('XTRIM', key, strategy, ...(options?.approximate === false ? [] : ['~']), threshold);
  }
  bzpopmin(key: string, timeout: number): Promise<[key: string, member: string, score: string] | null> {
    return this.call('BZPOPMIN', key, timeout);
  }
  info(): Promise<string> {
    return this.call('INFO');
  }
  clientSetName(name: string): Promise<any> {
    return this.call('CLIENT', 'SETNAME', name);
  }
  clientList(): Promise<string> {
    return this.call('CLIENT', 'LIST');
  }
  clientInfo(): Promise<string> {
    return this.call('CLIENT', 'INFO');
  }
  scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }): Promise<[string, string[]]> {
    const match = options.MATCH !== undefined ? ['MATCH', options.MATCH] : [];
    const count = options.COUNT !== undefined ? ['COUNT', options.COUNT] : [];
    return this.call('SCAN', cursor, ...match, ...count);
  }
  scanStream(options: { match: string; count?: number }): Readable {
    const client = this;
    return Readable.from(
      (async function* scanAll() {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, { MATCH: options.match, ...(options.count ? { COUNT: options.count } : {}) });
          cursor = next;
          if (keys.length > 0) yield keys;
        } while (cursor !== '0');
      })(),
    );
  }

  private async handshake(): Promise<void> {
    const { username, password, db } = this.target;
    const send = (...args: CommandArgument[]) =>
      new Promise<RespReply>((resolve, reject) => this.write(args, { resolve, reject })).then((reply) => {
        if (reply instanceof RedisReplyError) throw reply;
        return reply;
      });
    if (password !== undefined) await send('AUTH', ...(username ? [username] : []), password);
    if (db !== undefined) await send('SELECT', db);
    if (this.options.connectionName) await send('CLIENT', 'SETNAME', this.options.connectionName);
  }

  private write(args: CommandArgument[], pending: Pending): void {
    this.inFlight.push(pending);
    this.socket!.write(encodeCommand(args));
  }

  private onData(bytes: Buffer): void {
    this.reader.push(bytes);
    for (;;) {
      let reply: RespReply | typeof NEED_DATA;
      try {
        reply = this.reader.next();
      } catch (error) {
        this.emitError(error as Error);
        this.socket?.destroy();
        return;
      }
      if (reply === NEED_DATA) return;
      this.inFlight.shift()?.resolve(reply);
    }
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    for (const pending of this.inFlight.splice(0)) pending.reject(new ConnectionClosedError('Connection is closed.'));
    this.emit('close');
    if (this.status === 'end') {
      this.failOffline();
      this.emit('end');
      return;
    }
    this.status = 'reconnecting';
    this.emit('reconnecting');
    this.reconnectAttempts += 1;
    const delay = Math.min(RECONNECT_MAX_DELAY_MS, 50 * 2 ** this.reconnectAttempts);
    this.reconnectTimer = setTimeout(() => void this.connect().catch(() => undefined), delay);
  }

  private flushOffline(): void {
    for (const { args, pending } of this.offline.splice(0)) this.write(args, pending);
  }

  private failOffline(): void {
    for (const { pending } of this.offline.splice(0)) pending.reject(new ConnectionClosedError('Connection is closed.'));
  }

  /** An 'error' event with no listener would throw; a connection error then only surfaces as failed commands. */
  private emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

function targetOf(options: RedisClientOptions): { host: string; port: number; username?: string; password?: string; db?: number } {
  if (options.url) {
    const url = new URL(options.url);
    if (url.protocol !== 'redis:') throw new Error(`REDIS_URL must start with redis:// (got ${url.protocol}//)`);
    const db = url.pathname.replace(/^\//, '');
    return {
      host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
      port: url.port ? Number(url.port) : 6379,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(db ? { db: Number(db) } : {}),
    };
  }
  return { host: options.host ?? '127.0.0.1', port: options.port ?? 6379 };
}
