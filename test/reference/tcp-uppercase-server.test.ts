import { execFile, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorsOf } from '../exercises/exercise-vectors.js';

/**
 * The reference server is the textbook program: run as a plain Node program (not in the sandbox),
 * it must answer real clients, Node's own `net` and netcat, vector by vector. Port 12000 may be
 * taken on a shared machine, so a preload moves a listen on 12000 to a free port, as the sandbox
 * does, and prints the port it got.
 */
const root = path.resolve(import.meta.dirname, '../..');
const vectors = vectorsOf('tcp-uppercase-server');
const PRELOAD = `data:text/javascript,${encodeURIComponent(`
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  this.once('listening', () => process.stderr.write('listening on ' + this.address().port + '\\n'));
  return listen.call(this, port === 12000 ? 0 : port, ...rest);
};
`)}`;
let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', PRELOAD, '--import', 'tsx', 'reference/sockets/tcp-uppercase-server.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    let ready = false;
    server.stdout!.on('data', (chunk: Buffer) => {
      ready ||= chunk.toString().includes('ready to receive');
      if (ready && port) resolve();
    });
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /listening on (\d+)/.exec(stderr);
      if (found) port = Number(found[1]);
      if (ready && port) resolve();
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
  });
}, 20_000);

afterAll(() => {
  server.kill();
});

/** One Node client: writes `pieces` one by one, keeps its side open, and reads until the server closes. */
function ask(pieces: string[]): Promise<{ answer: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1');
    client.setNoDelay(true);
    let answer = '';
    client.on('data', (chunk) => (answer += chunk.toString('latin1')));
    client.on('end', () => resolve({ answer, closedByServer: true }));
    client.on('error', reject);
    client.on('connect', async () => {
      for (const piece of pieces) {
        client.write(Buffer.from(piece, 'latin1'));
        await new Promise((next) => setTimeout(next, 2));
      }
    });
  });
}

describe('reference/sockets/tcp-uppercase-server.ts run with Node', () => {
  it('answers every vector sent whole to a Node client, then closes', async () => {
    const answers = await Promise.all(vectors.map((vector) => ask([vector.input])));
    vectors.forEach((vector, i) => expect(answers[i], vector.id).toEqual({ answer: vector.expected, closedByServer: true }));
  });

  it('answers a line sent byte by byte', async () => {
    expect(await ask([...'hello from the client\n'])).toEqual({ answer: 'HELLO FROM THE CLIENT\n', closedByServer: true });
  });

  it('keeps the bytes of clients connected at once apart', async () => {
    const lines = ['first client\n', 'second client\n', 'third client\n'];
    const answers = await Promise.all(lines.map((line) => ask([...line])));
    expect(answers.map((entry) => entry.answer)).toEqual(lines.map((line) => line.toUpperCase()));
  });

  it('answers netcat, which sends a line and prints what comes back until the server closes', async () => {
    const netcat = await new Promise<string>((resolve, reject) => {
      const child = execFile('/usr/bin/nc', ['127.0.0.1', String(port)], { timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
      child.stdin!.end('netcat speaks tcp too\nand this line is ignored\n');
    });
    expect(netcat).toBe('NETCAT SPEAKS TCP TOO\n');
  });

  it("answers curl's telnet client, which sends its input and prints what comes back", async () => {
    const curl = await new Promise<string>((resolve, reject) => {
      const child = execFile('/usr/bin/curl', ['--silent', '--show-error', `telnet://127.0.0.1:${port}`], { timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
      child.stdin!.end('curl speaks telnet\n');
    });
    expect(curl).toBe('CURL SPEAKS TELNET\n');
  });
});
