import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readClientVectorInput, type ServerScript } from '../../harness/grading/socket-client-vector.js';
import { uppercase } from '../../reference/sockets/tcp-uppercase-client.js';
import { vectorsOf } from '../exercises/exercise-vectors.js';

/**
 * The reference client is the textbook program: run with Node (not in the sandbox), it must talk to
 * a plain Node net server written here, vector by vector, and to netcat playing the server.
 */
const vectors = vectorsOf('tcp-uppercase-client');
const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A TCP server on a free loopback port: reads a line, answers as the script says, closes. */
async function serve(script: ServerScript): Promise<{ port: number; received: string[] }> {
  const received: string[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let got = '';
    received.push('');
    const index = received.length - 1;
    socket.on('data', async (chunk) => {
      const first = !got.includes('\n');
      got += chunk.toString('latin1');
      received[index] = got;
      if (!first || !got.includes('\n')) return;
      const line = got.slice(0, got.indexOf('\n') + 1);
      const answer = script.behaviour === 'fixed-reply' ? script.reply! : line.toUpperCase();
      const size = Math.ceil(answer.length / script.pieces);
      for (let at = 0; at < answer.length; at += size) {
        await new Promise((resolve) => setTimeout(resolve, script.gapMs));
        socket.write(answer.slice(at, at + size));
      }
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as net.AddressInfo).port, received };
}

describe('reference/sockets/tcp-uppercase-client.ts run with Node', () => {
  for (const vector of vectors) {
    it(`resolves with the server's answer minus one line feed, and writes exactly the line: ${vector.id}`, async () => {
      const { sentence, serverName, server } = readClientVectorInput(vector.input, 'tcp', vector.id);
      const { port, received } = await serve(server);
      expect(await uppercase(sentence, serverName, port)).toBe(vector.expected);
      expect(received).toEqual([`${sentence}\n`]);
    });
  }

  it('rejects with ECONNREFUSED when nothing listens on the port', async () => {
    const { port } = await serve({ behaviour: 'uppercase', pieces: 1, gapMs: 0 });
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(uppercase('hello', '127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

/** A free loopback port, for netcat to listen on. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// netcat-openbsd: `-N` shuts the connection down once its input ends, as a server that has answered.
describe.skipIf(!existsSync('/usr/bin/nc'))('reference/sockets/tcp-uppercase-client.ts against nc -l', () => {
  it.each([
    ['HELLO FROM NETCAT\n', 'HELLO FROM NETCAT'],
    ['NO LINE FEED', 'NO LINE FEED'],
    ['', ''],
  ])('resolves with what netcat sends (%j), and netcat prints the line the client wrote', async (answer, expected) => {
    const port = await freePort();
    // netcat serves one connection, so it is not probed: with -v it says when it listens.
    const nc = spawn('nc', ['-N', '-v', '-l', '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let printed = '';
    nc.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString('latin1')));
    await new Promise<void>((resolve, reject) => {
      nc.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Listening')) resolve();
      });
      nc.on('exit', (code) => reject(new Error(`nc exited with ${code}`)));
    });
    nc.stdin.end(answer);
    const exited = new Promise((resolve) => nc.on('exit', resolve));
    expect(await uppercase('hello from node', '127.0.0.1', port)).toBe(expected);
    await exited;
    expect(printed).toBe('hello from node\n');
  });
});
