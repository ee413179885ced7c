/**
 * Pipelines and transactions for `redis-client.ts`, in the shape BullMQ asks for
 * (`IRedisTransaction`): commands are collected, then sent together by `exec`, which answers one
 * `[error, reply]` pair per command, as ioredis does.
 */
import type { IRedisTransaction } from 'bullmq';
import type { RedisClient } from './redis-client.js';
import { RedisReplyError, type CommandArgument, type RespReply } from './resp-codec.js';

/** A pipeline (commands sent together) or a transaction (MULTI … EXEC), answered as `[error, reply]` pairs. */
export class RedisBatch implements IRedisTransaction {
  private readonly commands: CommandArgument[][] = [];

  constructor(
    private readonly client: RedisClient,
    private readonly atomic: boolean,
  ) {}

  hgetall(key: string): this {
    return this.add(['HGETALL', key]);
  }
  hset(key: string, data: Record<string, string | number>): this {
    return this.add(['HSET', key, ...Object.entries(data).flat()]);
  }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(['HSCAN', key, cursor, ...(options?.COUNT !== undefined ? ['COUNT', options.COUNT] : [])]);
  }
  smembers(key: string): this {
    return this.add(['SMEMBERS', key]);
  }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }): this {
    return this.add(['SSCAN', key, cursor, ...(options?.COUNT !== undefined ? ['COUNT', options.COUNT] : [])]);
  }
  zrange(key: string, start: number, end: number): this {
    return this.add(['ZRANGE', key, start, end]);
  }
  lrange(key: string, start: number, end: number): this {
    return this.add(['LRANGE', key, start, end]);
  }
  llen(key: string): this {
    return this.add(['LLEN', key]);
  }
  del(...keys: string[]): this {
    return this.add(['DEL', ...keys]);
  }
  runCommand(name: string, args: unknown[]): this {
    // EVAL rather than EVALSHA: inside a batch there is no second chance after NOSCRIPT.
    const { script, argv } = this.client.scriptCall(name, args);
    return this.add(['EVAL', script.lua, script.numberOfKeys, ...argv]);
  }

  async exec(): Promise<[Error | null, any][] | null> {
    const commands = this.commands.splice(0);
    let results: [Error | null, any][];
    if (this.atomic) {
      const queued = [this.client.call('MULTI'), ...commands.map((args) => this.client.call(...args))];
      const exec = this.client.call('EXEC') as Promise<RespReply[] | null>;
      await Promise.allSettled(queued);
      const replies = await exec;
      if (replies === null) return null;
      results = replies.map((reply) => (reply instanceof RedisReplyError ? [reply, null] : [null, reply]));
    } else {
      const settled = await Promise.allSettled(commands.map((args) => this.client.call(...args)));
      results = settled.map((outcome) => (outcome.status === 'fulfilled' ? [null, outcome.value] : [outcome.reason as Error, null]));
    }
    // HGETALL answers a flat list of fields and values; BullMQ reads it as an object.
    return results.map(([error, reply], i) => [error, commands[i]![0] === 'HGETALL' && Array.isArray(reply) ? pairsToObject(reply as string[]) : reply]);
  }

  private add(args: CommandArgument[]): this {
    this.commands.push(args);
    return this;
  }
}

/** HGETALL answers a flat list of fields and values; BullMQ reads an object. */
export function pairsToObject(pairs: string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) object[pairs[i]!] = pairs[i + 1]!;
  return object;
}
