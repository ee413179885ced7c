import dgram from 'node:dgram';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';

/**
 * What a program granted `node:dgram` may not do: bind any port but the virtual one, send to
 * anyone but the grader's clients, flood, stall the grader, or reach the host through the
 * functions the sandbox hands in. Each attack is graded as the service grades it.
 */
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
let udpServer: Exercise;
let httpParser: Exercise;
beforeAll(async () => {
  udpServer = await loadExercise(path.join(exercisesDir, 'udp-uppercase-server'));
  httpParser = await loadExercise(path.join(exercisesDir, 'http-request-parser'));
});

const grade = (code: string, exercise = udpServer): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename: 'submission.ts', code });
const testNamed = (result: GradingResult, id: string): TestResult => result.tests.find((test) => test.id === id)!;

/** A host socket that should hear nothing from the sandbox. */
const bystanders: dgram.Socket[] = [];
async function bystander(): Promise<{ port: number; heard: string[] }> {
  const socket = dgram.createSocket('udp4');
  const heard: string[] = [];
  socket.on('message', (message) => heard.push(message.toString()));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  bystanders.push(socket);
  return { port: socket.address().port, heard };
}
afterEach(() => {
  for (const socket of bystanders.splice(0)) socket.close();
});

const correctServer = (extra: string) => `
import dgram from 'node:dgram';
const serverSocket = dgram.createSocket('udp4');
serverSocket.on('message', (message, rinfo) => {
  ${extra}
  serverSocket.send(message.toString().toUpperCase(), rinfo.port, rinfo.address);
});
serverSocket.bind(12000);
`;

describe('a program granted node:dgram', () => {
  it('cannot bind a port other than 12000: the bind fails with EACCES and the program never listens', async () => {
    const { port } = await bystander();
    const result = await grade(`
      import dgram from 'node:dgram';
      for (const port of [53, ${port}, 0]) {
        const socket = dgram.createSocket('udp4');
        socket.on('error', (error) => console.log(error.code));
        socket.on('message', (message, rinfo) => socket.send(message.toString().toUpperCase(), rinfo.port, rinfo.address));
        socket.bind(port);
      }
    `);
    expect(result.score).toBe(0);
    expect(testNamed(result, 'sentence-textbook').message).toMatch(/did not start listening on port 12000.*tried to bind port 53; the sandbox lets it bind only port 12000/);
  });

  it('cannot send to an address or port that is not a client it answers', async () => {
    const target = await bystander();
    const result = await grade(
      correctServer(`
        serverSocket.send('leak', ${target.port}, '127.0.0.1');
        serverSocket.send('leak', ${target.port}, 'localhost');
        serverSocket.send('leak', 53, '10.0.0.1');
      `),
    );
    // The datagrams to others are refused and their errors thrown; the answers still go out.
    expect(result.score).toBe(result.maxScore);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(target.heard).toEqual([]);
  });

  it('stops a flood of datagrams at the send limit', async () => {
    const started = performance.now();
    const result = await grade(correctServer(`for (let i = 0; i < 100000; i++) serverSocket.send('x', rinfo.port, rinfo.address, () => {});`));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.score).toBe(0);
    const messages = result.tests.filter((test) => test.visibility === 'public').map((test) => test.message ?? '');
    expect(messages.some((message) => /sent more than \d+ datagrams/.test(message))).toBe(true);
  });

  it('is stopped in a message listener that loops forever, and keeps answering the other datagrams', async () => {
    const result = await grade(correctServer(`if (message.toString() === 'a') for (;;) {}`));
    const stuck = testNamed(result, 'sentence-one-letter');
    expect(stuck.status).toBe('failed');
    expect(stuck.message).toMatch(/'message' listener ran past \d+ ms and was stopped/);
    expect(result.score).toBe(result.maxScore - 1);
  });

  it('loses only the datagrams whose listener throws, and is told what it threw', async () => {
    const result = await grade(correctServer(`if (message.length === 0) throw new RangeError('nothing to upper-case');`));
    const empty = testNamed(result, 'edge-empty');
    expect(empty.status).toBe('failed');
    expect(empty.message).toMatch(/threw in a 'message' listener: RangeError: nothing to upper-case/);
    expect(result.score).toBe(result.maxScore - 1);
  });

  it('finds no way to the host through the sandbox functions it is given', async () => {
    // Every probe's outcome goes back as the answer, so the test reads what the program saw.
    const result = await grade(`
      import dgram from 'node:dgram';
      const probe = (run) => { try { return String(run()); } catch (error) { return 'threw ' + error.name; } };
      const socket = dgram.createSocket('udp4');
      const report = () => JSON.stringify({
        hostGlobal: typeof globalThis.__netgradeHostUdp,
        dispatchGlobal: typeof globalThis.__netgradeSocketEvent,
        viaSend: probe(() => typeof socket.send.constructor.constructor('return this')().process),
        viaCreateSocket: probe(() => dgram.createSocket.constructor.constructor('return typeof process')()),
        viaRequire: probe(() => typeof require.constructor.constructor('return this')().process),
        fs: probe(() => typeof require('node:fs')),
        childProcess: probe(() => typeof require('child_process')),
        net: probe(() => typeof require('node:net')),
      });
      socket.on('message', (message, rinfo) => socket.send(report(), rinfo.port, rinfo.address));
      socket.bind(12000);
    `);
    const seen = JSON.parse(JSON.parse(testNamed(result, 'sentence-textbook').actual!) as string) as Record<string, string>;
    expect(seen).toEqual({
      hostGlobal: 'undefined',
      dispatchGlobal: 'undefined',
      viaSend: 'undefined',
      viaCreateSocket: 'undefined',
      viaRequire: 'undefined',
      fs: 'threw Error',
      childProcess: 'threw Error',
      net: 'threw Error',
    });
  });
});

describe('a submission to an exercise without the dgram capability', () => {
  it('sees no require and no Buffer', async () => {
    const result = await grade(
      `export function parseRequest() {
        return [typeof require, typeof Buffer, typeof globalThis.__netgradeHostUdp, typeof globalThis.__netgradeSocketEvent].join(' ');
      }`,
      httpParser,
    );
    const shown = result.tests.find((test) => test.visibility === 'public' && test.actual !== undefined)!;
    expect(JSON.parse(shown.actual!)).toBe('undefined undefined undefined undefined');
  });

  it('cannot load a module that imports node:dgram', async () => {
    const result = await grade(`import dgram from 'node:dgram';\nexport function parseRequest() { return typeof dgram; }`, httpParser);
    expect(result.error?.code).toBe('LOAD_FAILED');
    expect(result.error?.message).toMatch(/require is not defined/);
  });
});
