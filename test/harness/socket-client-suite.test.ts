import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise, VectorCase } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { cutIntoPieces, readClientVectorInput } from '../../harness/grading/socket-client-vector.js';
import type { GradingResult } from '../../harness/result-schema.js';

/**
 * The socket-client suite, on submissions written for each behaviour: the promise the student's
 * `uppercase` returns is awaited under a time limit while real servers answer on loopback; what
 * the server received, where the client tried to send, and whether it closed its socket are part
 * of every verdict.
 */
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
let udpClient: Exercise;
let tcpClient: Exercise;
beforeAll(async () => {
  udpClient = await loadExercise(path.join(exercisesDir, 'udp-uppercase-client'));
  tcpClient = await loadExercise(path.join(exercisesDir, 'tcp-uppercase-client'));
});

/** The exercise with only the named vectors, so each test grades just what it is about. */
function only(exercise: Exercise, ids: string[], visibility?: VectorCase['visibility']): Exercise {
  const vectors = exercise.vectors.filter((vector) => ids.includes(vector.id)).map((vector) => (visibility ? { ...vector, visibility } : vector));
  expect(vectors.map((vector) => vector.id)).toEqual(ids);
  return { ...exercise, vectors, maxScore: vectors.reduce((sum, vector) => sum + vector.points, 0) };
}

const grade = (exercise: Exercise, code: string): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename: 'submission.ts', code });

const udpClientWith = (body: string) => `
import dgram from 'node:dgram';
export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const clientSocket = dgram.createSocket('udp4');
    ${body}
  });
}
`;

/** Host sockets that must hear nothing from the sandbox. */
const bystanders: { close(): void }[] = [];
afterEach(() => {
  for (const socket of bystanders.splice(0)) socket.close();
});

describe('the socket-client suite over UDP', () => {
  it('passes a client written with await and once(), as the service grades it', async () => {
    const result = await grade(only(udpClient, ['textbook-lowercase', 'answer-late']), `
      import dgram from 'node:dgram';
      export async function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
        const socket = dgram.createSocket({ type: 'udp4' });
        const answer = new Promise<Buffer>((resolve) => socket.once('message', resolve));
        socket.send(Buffer.from(sentence), 0, sentence.length, serverPort, serverName);
        const message = await answer;
        await new Promise<void>((resolve) => socket.close(resolve));
        return message.toString('utf8');
      }
    `);
    expect(result.tests.map((test) => [test.id, test.status, test.message])).toEqual([
      ['textbook-lowercase', 'passed', undefined],
      ['answer-late', 'passed', undefined],
    ]);
    expect(result.score).toBe(2);
  });

  it('gives a promise that never settles the time-limit verdict, saying the server heard nothing', async () => {
    const result = await grade(only(udpClient, ['textbook-lowercase']), udpClientWith(`clientSocket.on('message', () => undefined);`));
    const [test] = result.tests;
    expect(test).toMatchObject({ status: 'time-limit', points: 0 });
    expect(test!.message).toBe('The promise uppercase returned did not settle within 1000 ms. The server received no datagram.');
    expect(test!.durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a datagram to any port but the server\'s with a Node-like EACCES, and the server elsewhere hears nothing', async () => {
    const heard: string[] = [];
    const elsewhere = dgram.createSocket('udp4');
    elsewhere.on('message', (message) => heard.push(message.toString()));
    await new Promise<void>((resolve) => elsewhere.bind(0, '127.0.0.1', resolve));
    bystanders.push(elsewhere);
    const port = elsewhere.address().port;
    const result = await grade(only(udpClient, ['textbook-lowercase']), udpClientWith(`
      clientSocket.send(sentence, ${port}, serverName, (error) => {
        clientSocket.close();
        resolve(error ? error.code + ' | ' + error.syscall + ' | ' + error.message : 'sent');
      });
    `));
    const [test] = result.tests;
    expect(test!.status).toBe('failed');
    expect(JSON.parse(test!.actual!)).toBe(`EACCES | send | send EACCES localhost:${port}`);
    expect(test!.message).toContain(`The client sent a datagram to 127.0.0.1:${port}; the sandbox lets it reach only the server it was given`);
    expect(test!.message).toContain('The server received no datagram');
    expect(heard).toEqual([]);
  });

  it('fails a right answer from a client that leaves its socket open, and says so', async () => {
    const result = await grade(only(udpClient, ['textbook-lowercase']), udpClientWith(`
      clientSocket.on('message', (message) => resolve(message.toString()));
      clientSocket.send(sentence, serverPort, serverName);
    `));
    const [test] = result.tests;
    expect(test).toMatchObject({ status: 'failed', points: 0, actual: '"HELLO FROM THE CLIENT"' });
    expect(test!.message).toMatch(/^The answer is right, but: The client left its socket open after the answer came/);
  });

  it('reports a rejected promise and a synchronous throw as runtime errors with the error', async () => {
    const rejected = await grade(only(udpClient, ['textbook-lowercase']), udpClientWith(`clientSocket.close(); reject(new RangeError('no server today'));`));
    expect(rejected.tests[0]).toMatchObject({ status: 'runtime-error' });
    expect(rejected.tests[0]!.message).toMatch(/^The promise uppercase returned was rejected with RangeError: no server today\./);
    const thrown = await grade(only(udpClient, ['textbook-lowercase']), `export function uppercase(): Promise<string> { throw new TypeError('not yet'); }`);
    expect(thrown.tests[0]!.message).toMatch(/^uppercase threw TypeError: not yet\./);
  });

  it('reports a module without uppercase, and a call that loops before returning, on every vector', async () => {
    const missing = await grade(only(udpClient, ['textbook-lowercase', 'answer-late']), `export function upperCase() { return Promise.resolve(''); }`);
    expect(missing.tests.map((test) => [test.status, test.message])).toEqual([
      ['runtime-error', 'The module must export a function named uppercase.'],
      ['runtime-error', 'The module must export a function named uppercase.'],
    ]);
    const looping = await grade(only(udpClient, ['textbook-lowercase']), `export function uppercase(): Promise<string> { for (;;) {} }`);
    expect(looping.tests[0]).toMatchObject({ status: 'time-limit' });
  });

  it('shows a hidden vector\'s verdict only', async () => {
    const result = await grade(only(udpClient, ['textbook-lowercase'], 'hidden'), udpClientWith(`clientSocket.close(); resolve('nope');`));
    expect(result.tests[0]).toEqual(expect.objectContaining({ status: 'failed', message: 'Wrong answer.' }));
    expect(Object.keys(result.tests[0]!)).not.toContain('input');
    expect(Object.keys(result.tests[0]!)).not.toContain('actual');
  });
});

describe('the socket-client suite over TCP', () => {
  const tcpClientWith = (body: string) => `
    import net from 'node:net';
    export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string> {
      return new Promise((resolve, reject) => {
        let answer = '';
        ${body}
      });
    }
  `;

  it('passes a client that half-closes right after writing, with end(data)', async () => {
    const result = await grade(only(tcpClient, ['textbook-lowercase', 'stream-fragments']), tcpClientWith(`
      const socket = net.connect({ port: serverPort, host: serverName }, () => socket.end(sentence + '\\n'));
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => { answer += chunk; });
      socket.on('close', () => resolve(answer.endsWith('\\n') ? answer.slice(0, -1) : answer));
    `));
    expect(result.tests.map((test) => [test.id, test.status, test.message])).toEqual([
      ['textbook-lowercase', 'passed', undefined],
      ['stream-fragments', 'passed', undefined],
    ]);
  });

  it('refuses a connection to any port but the server\'s with EACCES, and the server elsewhere sees none', async () => {
    let connections = 0;
    const elsewhere = net.createServer(() => (connections += 1));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    bystanders.push(elsewhere);
    const port = (elsewhere.address() as net.AddressInfo).port;
    const result = await grade(only(tcpClient, ['textbook-lowercase']), tcpClientWith(`
      const socket = net.createConnection(${port}, serverName);
      socket.on('error', (error) => resolve(error.code + ' | ' + error.message));
    `));
    const [test] = result.tests;
    expect(JSON.parse(test!.actual!)).toBe(`EACCES | connect EACCES localhost:${port}`);
    expect(test!.message).toContain('No connection reached the server');
    expect(test!.message).toContain(`The program tried to connect to localhost:${port}, which is not the server it was given.`);
    expect(connections).toBe(0);
  });

  it('says what the server is waiting for when a client without the line feed never settles', async () => {
    const result = await grade(only(tcpClient, ['textbook-lowercase']), tcpClientWith(`
      const socket = net.createConnection(serverPort, serverName, () => socket.write(sentence));
      socket.on('data', (chunk) => { answer += chunk; });
      socket.on('end', () => resolve(answer));
    `));
    expect(result.tests[0]).toMatchObject({ status: 'time-limit' });
    expect(result.tests[0]!.message).toBe(
      'The promise uppercase returned did not settle within 1000 ms. The server received "hello from the client" and is still waiting for the "\\n" that ends the line; the client writes "hello from the client\\n".',
    );
  });

  it('fails a right answer when the client wrote more than the line', async () => {
    const result = await grade(only(tcpClient, ['textbook-lowercase']), tcpClientWith(`
      const socket = net.createConnection(serverPort, serverName, () => socket.write(sentence + '\\nbye\\n'));
      socket.on('data', (chunk) => { answer += chunk; });
      socket.on('end', () => resolve(answer.replace(/\\n$/, '')));
    `));
    expect(result.tests[0]!.message).toBe(
      'The answer is right, but: The server received "hello from the client\\nbye\\n"; the client writes the sentence and one line feed, "hello from the client\\n", and nothing else.',
    );
  });
});

describe('socket-client vector inputs', () => {
  it('read the sentence, the server name and the server\'s script, with defaults', () => {
    expect(readClientVectorInput({ sentence: 'hi', serverName: 'localhost', server: { behaviour: 'uppercase' } }, 'tcp', 'here')).toEqual({
      sentence: 'hi',
      serverName: 'localhost',
      server: { behaviour: 'uppercase', pieces: 1, gapMs: 0 },
    });
  });

  it.each([
    [{ sentence: 'hi', serverName: 'example.com', server: { behaviour: 'uppercase' } }, 'tcp', /"serverName" must be one of localhost, 127\.0\.0\.1/],
    [{ sentence: 'tab\there', serverName: 'localhost', server: { behaviour: 'uppercase' } }, 'tcp', /printable ASCII/],
    [{ sentence: 'hi', serverName: 'localhost', server: { behaviour: 'uppercase', pieces: 2 } }, 'udp', /"pieces" is for TCP/],
    [{ sentence: 'hi', serverName: 'localhost', server: { behaviour: 'fixed-reply' } }, 'udp', /a fixed reply must be ASCII text/],
    [{ sentence: 'hi', serverName: 'localhost', server: { behaviour: 'uppercase', gapMs: 5000 } }, 'tcp', /"server.gapMs" must be an integer from 0 to 200/],
    [{ sentence: 'hi', serverName: 'localhost', port: 1, server: { behaviour: 'uppercase' } }, 'tcp', /unknown input keys port/],
  ] as const)('reject a malformed input %#', (input, transport, message) => {
    expect(() => readClientVectorInput(input, transport, 'vectors/x.md:3')).toThrow(message);
  });

  it('cut an answer into pieces as even as its length allows, dropping empty ones', () => {
    expect(cutIntoPieces('HELLO\n', 3)).toEqual(['HE', 'LL', 'O\n']);
    expect(cutIntoPieces('AB', 4)).toEqual(['A', 'B']);
    expect(cutIntoPieces('', 2)).toEqual([]);
  });
});
