import net from 'node:net';
import type ivm from 'isolated-vm';
import type { SubmissionSandbox } from '../sandbox/submission-sandbox.js';
import { HOST_TCP_GLOBAL, ISOLATE_NET_SOURCE, NET_EVENT_GLOBAL } from './isolate-net.js';

/** What a sandboxed program may do with TCP. */
export interface TcpPolicy {
  /** The port a server may listen on (the textbook's 12000); the host listens on a free loopback
   *  port instead. Absent: the program may not listen at all. */
  virtualPort?: number;
  maxServers: number;
  /** Connections a server may accept, in all; later ones are reset. */
  maxAccepted: number;
  /** Connections the program may open (refused ones included); later `connect` calls throw. */
  maxOpened: number;
  /** Bytes the program may receive and send, over all its connections. */
  maxBytesIn: number;
  maxBytesOut: number;
  /** Wall time one event handler may run in the isolate. */
  eventTimeoutMs: number;
  /** Where a connection the program opens to `host:port` really goes (a loopback port), or
   *  undefined when the sandbox refuses it: a client reaches only the address its grader names. */
  connectTarget(host: string, port: number): number | undefined;
}

/** Something the program did that the sandbox refused or that went wrong, with when it happened. */
export interface TcpProblem {
  atMs: number;
  text: string;
}

type DispatchReference = ivm.Reference<(...args: unknown[]) => string>;

type HostEntry =
  | { kind: 'server'; real?: net.Server; closing: boolean }
  | { kind: 'socket'; real: net.Socket; ended: boolean; destroyed: boolean };

/**
 * The real TCP sockets behind one sandbox's `node:net` stand-in (isolate-net.ts). A server's
 * listen on the virtual port gets a free port on 127.0.0.1, which `listening` resolves with so the
 * grader knows where to connect; a connection the program opens goes only where the policy's
 * `connectTarget` says. Every call from the isolate is checked against the policy; a refusal
 * reaches the program as Node would report it, as an `'error'` event, delivered later from the
 * host's event loop, or, for a program over its limits, as an exception at once, so a flood ends
 * where it runs.
 *
 * Events are delivered by calling into the isolate synchronously, one at a time, from socket
 * callbacks: a grading worker runs one submission, and the isolate runs only during such calls.
 * Only byte strings and numbers cross; the isolate never holds a host object.
 */
export class SandboxTcp {
  readonly problems: TcpProblem[] = [];
  /** Resolves with the loopback port standing for the virtual port once the program listens on it. */
  readonly listening: Promise<number>;
  private resolveListening!: (port: number) => void;
  private readonly entries = new Map<number, HostEntry>();
  private nextId = 1;
  private servers = 0;
  private accepted = 0;
  private opened = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private virtualPortHolder = 0;
  private sandbox?: SubmissionSandbox;
  private dispatch?: DispatchReference;
  private stopped = false;
  private readonly started = performance.now();

  constructor(private readonly policy: TcpPolicy) {
    this.listening = new Promise((resolve) => {
      this.resolveListening = resolve;
    });
  }

  /** Gives the sandbox `require('node:net')` and `Buffer`, before the program loads. */
  attach(sandbox: SubmissionSandbox): void {
    this.sandbox = sandbox;
    this.dispatch = sandbox.grant(ISOLATE_NET_SOURCE, { [HOST_TCP_GLOBAL]: this.onCall }, NET_EVENT_GLOBAL);
  }

  /** Closes every server and connection; later events are dropped. */
  close(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) {
      if (entry.kind === 'server') entry.real?.close();
      else entry.real.destroy();
    }
    this.entries.clear();
  }

  /** Milliseconds since this host was made, on the clock `problems` use. */
  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** What the isolate calls: `op` and copies of primitives in, a primitive out. */
  private readonly onCall = (op: unknown, id: unknown, a: unknown, b: unknown): number | string => {
    if (this.stopped) return 'ERR_SERVER_NOT_RUNNING the program has been stopped';
    if (op === 'server') return this.openServer();
    if (op === 'connect') return this.connect(Number(id), String(a));
    const entry = typeof id === 'number' ? this.entries.get(id) : undefined;
    if (!entry) return '';
    if (entry.kind === 'server') {
      if (op === 'listen') this.listen(id as number, entry, Number(a));
      else if (op === 'closeServer') this.closeServer(id as number, entry);
      return '';
    }
    if (op === 'write') return this.write(id as number, entry, typeof a === 'string' ? a : '', b);
    if (op === 'end' && !entry.ended && !entry.destroyed) {
      entry.ended = true;
      entry.real.end();
    } else if (op === 'destroy' && !entry.destroyed) {
      entry.destroyed = true;
      // What was written still goes out before the connection closes, as when Node's write
      // reached the kernel before destroy(): then the FIN, and the close once it is sent.
      entry.real.end(() => entry.real.destroy());
    }
    return '';
  };

  private openServer(): number | string {
    if (this.servers >= this.policy.maxServers) {
      this.note(`The program created more than ${this.policy.maxServers} servers.`);
      return `EMFILE the sandbox allows at most ${this.policy.maxServers} servers`;
    }
    this.servers += 1;
    const id = this.nextId++;
    this.entries.set(id, { kind: 'server', closing: false });
    return id;
  }

  private listen(id: number, server: Extract<HostEntry, { kind: 'server' }>, port: number): void {
    const { virtualPort } = this.policy;
    if (virtualPort === undefined || port !== virtualPort) {
      const allowed = virtualPort === undefined ? 'no port' : `only port ${virtualPort}`;
      this.note(`The program tried to listen on port ${port}; the sandbox lets it listen on ${allowed}.`);
      this.later('error', id, 'EACCES', `listen EACCES: permission denied 0.0.0.0:${port}`);
      return;
    }
    if (this.virtualPortHolder !== 0 || server.real) {
      this.later('error', id, 'EADDRINUSE', `listen EADDRINUSE: address already in use :::${virtualPort}`);
      return;
    }
    this.virtualPortHolder = id;
    const real = net.createServer();
    server.real = real;
    real.on('connection', (socket) => this.accept(id, socket));
    real.on('error', (error) => this.deliver('error', id, codeOf(error), error.message));
    real.listen(0, '127.0.0.1', () => {
      this.deliver('listening', id);
      this.resolveListening((real.address() as net.AddressInfo).port);
    });
  }

  private closeServer(id: number, server: Extract<HostEntry, { kind: 'server' }>): void {
    if (server.closing) return;
    server.closing = true;
    if (this.virtualPortHolder === id) this.virtualPortHolder = 0;
    const done = () => {
      this.entries.delete(id);
      this.deliver('close', id);
    };
    // Node's server closes once its last connection has closed.
    if (server.real?.listening) server.real.close(done);
    else setImmediate(done);
  }

  private accept(serverId: number, socket: net.Socket): void {
    const server = this.entries.get(serverId);
    if (this.stopped || !server || server.kind !== 'server' || server.closing) {
      socket.destroy();
      return;
    }
    if (this.accepted >= this.policy.maxAccepted) {
      this.note(`The server was sent more connections than the sandbox's limit of ${this.policy.maxAccepted}; the rest were reset.`);
      socket.resetAndDestroy();
      return;
    }
    this.accepted += 1;
    const id = this.wire(socket);
    this.deliver('connection', serverId, id, socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0);
  }

  /** Opens a connection for the program, where the policy sends it, or refuses it later. */
  private connect(port: number, hostName: string): number | string {
    if (this.opened >= this.policy.maxOpened) {
      this.note(`The program opened more than ${this.policy.maxOpened} connections.`);
      return `EMFILE the sandbox allows at most ${this.policy.maxOpened} connections`;
    }
    this.opened += 1;
    const target = this.policy.connectTarget(hostName, port);
    if (target === undefined) {
      // A socket that never connects: the refusal comes as Node's connect error, then 'close'.
      const id = this.nextId++;
      const real = new net.Socket();
      this.entries.set(id, { kind: 'socket', real, ended: true, destroyed: true });
      this.note(`The program tried to connect to ${hostName}:${port}, which is not the server it was given.`);
      this.later('error', id, 'EACCES', `connect EACCES ${hostName}:${port}`);
      setImmediate(() => {
        this.entries.delete(id);
        this.deliver('close', id, true);
      });
      return id;
    }
    const real = net.connect(target, '127.0.0.1');
    const id = this.wire(real);
    real.on('connect', () => this.deliver('connect', id, real.remoteAddress ?? '127.0.0.1', port));
    return id;
  }

  private wire(real: net.Socket): number {
    const id = this.nextId++;
    const entry: HostEntry = { kind: 'socket', real, ended: false, destroyed: false };
    this.entries.set(id, entry);
    real.setNoDelay(true);
    real.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length;
      if (this.bytesIn > this.policy.maxBytesIn) {
        this.note(`The program received more than the sandbox's limit of ${this.policy.maxBytesIn} bytes; the connection was closed.`);
        real.destroy(Object.assign(new Error('read ENOBUFS (the sandbox limit on bytes received)'), { code: 'ENOBUFS' }));
        return;
      }
      this.deliver('data', id, chunk.toString('latin1'));
    });
    real.on('end', () => this.deliver('end', id));
    real.on('finish', () => this.deliver('finish', id));
    real.on('error', (error) => this.deliver('error', id, codeOf(error), error.message));
    real.on('close', (hadError) => {
      this.entries.delete(id);
      this.deliver('close', id, hadError);
    });
    return id;
  }

  /** Writes, or refuses: '' when the bytes went to the socket or their refusal comes later as an
   *  event, and an error for `write` to throw at once when the program is over its limit. */
  private write(id: number, entry: Extract<HostEntry, { kind: 'socket' }>, bytes: string, writeId: unknown): string {
    if (this.bytesOut + bytes.length > this.policy.maxBytesOut) {
      this.note(`The program wrote more than the sandbox's limit of ${this.policy.maxBytesOut} bytes.`);
      return `ENOBUFS write (the sandbox's limit on bytes written)`;
    }
    if (entry.ended || entry.destroyed) {
      this.later('written', id, writeId, 'ERR_STREAM_WRITE_AFTER_END write after end');
      return '';
    }
    this.bytesOut += bytes.length;
    entry.real.write(Buffer.from(bytes, 'latin1'), (error) => {
      this.deliver('written', id, writeId, error ? `${codeOf(error)} ${error.message}` : '');
    });
    return '';
  }

  private later(type: string, id: number, a?: unknown, b?: unknown): void {
    setImmediate(() => this.deliver(type, id, a, b));
  }

  /** Runs the program's handlers for one event, under the event time limit. */
  private deliver(type: string, id: number, a?: unknown, b?: unknown, c?: unknown): void {
    const { sandbox, dispatch } = this;
    if (this.stopped || !sandbox || !dispatch || sandbox.disposed) return;
    const outcome = sandbox.callGranted(dispatch, [type, id, a, b, c], this.policy.eventTimeoutMs);
    if (outcome.kind === 'returned' && outcome.value !== '') this.note(`The program threw in ${LISTENER_OF[type] ?? `a '${type}' listener`}: ${outcome.value}`);
    else if (outcome.kind === 'time-limit') this.note(`The program's '${type}' listener ran past ${this.policy.eventTimeoutMs} ms and was stopped.`);
    else if (outcome.kind === 'memory-limit') this.note(`The program ran out of memory in its '${type}' listener.`);
    else if (outcome.kind === 'threw') this.note(`The sandbox failed while delivering '${type}': ${outcome.error}`);
  }

  private note(text: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ atMs: performance.now() - this.started, text });
  }
}

function codeOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? 'EIO';
}

/** Where a thrown error came from, by the event being delivered. */
const LISTENER_OF: Record<string, string> = {
  connection: "a 'connection' listener",
  connect: "a 'connect' listener or connect callback",
  data: "a 'data' listener",
  end: "an 'end' listener",
  finish: 'an end callback',
  listening: "a 'listening' listener or listen callback",
  close: "a 'close' listener or close callback",
  error: "an 'error' listener (or there was none, so the error was thrown)",
  written: "a write callback (or a write after end had no 'error' listener, so the error was thrown)",
};

/** Problems kept for feedback; a flood of refusals is not worth more. */
const MAX_PROBLEMS = 50;
