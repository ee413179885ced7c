import { execFile, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorsOf } from '../exercises/exercise-vectors.js';

/**
 * The reference server is the textbook program: run as a plain Node program (not in the sandbox),
 * it must bind the real port 12000 and answer a real Node dgram client, vector by vector, and netcat.
 */
const root = path.resolve(import.meta.dirname, '../..');
const vectors = vectorsOf('udp-uppercase-server');
const SERVER_PORT = 12000;
let server: ChildProcess;

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'reference/sockets/udp-uppercase-server.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready to receive')) resolve();
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
  });
}, 20_000);

afterAll(() => {
  server.kill();
});

/** Sends one datagram from a fresh client socket and collects what comes back within `waitMs`. */
async function ask(datagram: string, waitMs = 300): Promise<string[]> {
  const client = dgram.createSocket('udp4');
  const replies: string[] = [];
  client.on('message', (message) => replies.push(message.toString('latin1')));
  await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
  client.send(Buffer.from(datagram, 'latin1'), SERVER_PORT, '127.0.0.1');
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  client.close();
  return replies;
}

describe('reference/sockets/udp-uppercase-server.ts run with Node', () => {
  it('answers every vector with exactly one datagram, upper-cased, to the sender', async () => {
    const answers = await Promise.all(vectors.map((vector) => ask(vector.input)));
    vectors.forEach((vector, i) => expect(answers[i], vector.id).toEqual([vector.expected]));
  });

  it('answers an empty datagram with an empty datagram', async () => {
    expect(await ask('')).toEqual(['']);
  });

  it('answers netcat, which sends its input as one datagram and prints the datagram that comes back', async () => {
    // netcat-openbsd: -u for UDP, -w 1 to quit a second after its input ends and nothing more arrives.
    const netcat = await new Promise<string>((resolve, reject) => {
      const child = execFile('/usr/bin/nc', ['-u', '-w', '1', '127.0.0.1', String(SERVER_PORT)], { timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
      child.stdin!.end('netcat speaks udp too');
    });
    expect(netcat).toBe('NETCAT SPEAKS UDP TOO');
  });
});
