import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';

/**
 * What a program granted `node:net` may not do: reach the host through the server and socket
 * objects, listen anywhere but the virtual port, connect out, flood, or stall the grader with
 * listeners that throw or loop. Each attack is graded as the service grades it.
 */
const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
let tcpServer: Exercise;
let udpServer: Exercise;
beforeAll(async () => {
  tcpServer = await loadExercise(path.join(exercisesDir, 'tcp-uppercase-server'));
  udpServer = await loadExercise(path.join(exercisesDir, 'udp-uppercase-server'));
});

const grade = (code: string, exercise = tcpServer): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename: 'submission.ts', code });
const testNamed = (result: GradingResult, id: string): TestResult => result.tests.find((test) => test.id === id)!;
const publicMessages = (result: GradingResult): string[] => result.tests.filter((test) => test.visibility === 'public').map((test) => test.message ?? '');

/** A correct server with `extra` run on each line before it is answered (`line` and `connectionSocket` in scope). */
const correctServer = (extra: string, top = '') => `
import net from 'node:net';
${top}
const serverSocket = net.createServer((connectionSocket) => {
  let received = '';
  connectionSocket.on('error', () => {});
  connectionSocket.on('data', (chunk) => {
    received += chunk.toString();
    const lineEnd = received.indexOf('\\n');
    if (lineEnd < 0 || received === null) return;
    const line = received.slice(0, lineEnd + 1);
    received = null;
    ${extra}
    connectionSocket.end(line.toUpperCase());
  });
});
serverSocket.listen(12000);
`;

describe('a program granted node:net', () => {
  it('finds no way to the host through the server, the sockets or require', async () => {
    // The probes' outcomes replace the answer, so the test reads what the program saw.
    const result = await grade(
      correctServer(
        `connectionSocket.end(report(connectionSocket) + '\\n'); return;`,
        `const probe = (run) => { try { return String(run()); } catch (error) { return 'threw ' + error.name; } };
         const report = (socket) => JSON.stringify({
           hostGlobal: typeof globalThis.__netgradeHostTcp,
           dispatchGlobal: typeof globalThis.__netgradeNetEvent,
           viaWrite: probe(() => typeof socket.write.constructor.constructor('return this')().process),
           viaServer: probe(() => serverSocket.listen.constructor.constructor('return typeof process')()),
           viaCreateServer: probe(() => net.createServer.constructor.constructor('return typeof require("node:fs")')()),
           viaPrototype: probe(() => typeof Object.getPrototypeOf(Object.getPrototypeOf(socket)).constructor.constructor('return this')().process),
           remote: typeof socket.remoteAddress + ' ' + typeof socket.remotePort,
           fs: probe(() => typeof require('node:fs')),
           childProcess: probe(() => typeof require('child_process')),
           dgram: probe(() => typeof require('node:dgram')),
           http: probe(() => typeof require('node:http')),
         });`,
      ),
    );
    const seen = JSON.parse((JSON.parse(testNamed(result, 'sentence-textbook').actual!) as string).trim()) as Record<string, string>;
    expect(seen).toEqual({
      hostGlobal: 'undefined',
      dispatchGlobal: 'undefined',
      viaWrite: 'undefined',
      viaServer: 'undefined',
      viaCreateServer: 'threw Error',
      viaPrototype: 'undefined',
      remote: 'string number',
      fs: 'threw Error',
      childProcess: 'threw Error',
      dgram: 'threw Error',
      http: 'threw Error',
    });
  });

  it('cannot listen on a port other than 12000: the listen fails with EACCES and the program never listens', async () => {
    const result = await grade(`
      import net from 'node:net';
      for (const port of [80, 8080, 0]) {
        const server = net.createServer((socket) => socket.end('x'));
        server.on('error', (error) => console.log(error.code));
        server.listen(port);
      }
    `);
    expect(result.score).toBe(0);
    expect(testNamed(result, 'sentence-textbook').message).toMatch(/did not start listening on port 12000.*tried to listen on port 80; the sandbox lets it listen on only port 12000/);
  });

  it('cannot connect out: the connection fails with EACCES, then closes', async () => {
    const result = await grade(
      correctServer(
        `if (line === 'hello from the client\\n') { connectionSocket.end(events.join(' ') + '\\n'); return; }`,
        `const events = [];
         const out = net.connect(80, '10.0.0.1', () => events.push('connected'));
         out.on('error', (error) => events.push(error.code, error.message));
         out.on('close', (hadError) => events.push('close', hadError));`,
      ),
    );
    expect(JSON.parse(testNamed(result, 'sentence-textbook').actual!)).toBe('EACCES connect EACCES 10.0.0.1:80 close true\n');
    expect(result.score).toBe(result.maxScore - 1);
  });

  it('stops a flood of outgoing connections at the connection limit with EMFILE', async () => {
    const started = performance.now();
    const result = await grade(`
      import net from 'node:net';
      let thrown = '';
      try { for (let i = 0; i < 100000; i++) net.connect(80, '127.0.0.1').on('error', () => {}); } catch (error) { thrown = error.code; }
      const serverSocket = net.createServer((socket) => socket.end(thrown + '\\n'));
      serverSocket.listen(12000);
    `);
    expect(performance.now() - started).toBeLessThan(20_000);
    // The server still serves the grader's clients, and answers with what the flood ended on.
    expect(JSON.parse(testNamed(result, 'sentence-textbook').actual!)).toBe('EMFILE\n');
  });

  it('stops a flood of writes at the byte limit, and the write throws', async () => {
    const started = performance.now();
    const result = await grade(correctServer(`const big = 'x'.repeat(100000); for (let i = 0; i < 1000; i++) connectionSocket.write(big);`));
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.score).toBe(0);
    expect(publicMessages(result).some((message) => /wrote more than the sandbox's limit of \d+ bytes.*threw in a 'data' listener: Error: write ENOBUFS/.test(message))).toBe(true);
  });

  it('is stopped in a data listener that loops forever, and keeps answering the other clients', async () => {
    const result = await grade(correctServer(`if (line === 'a\\n') for (;;) {}`));
    const stuck = testNamed(result, 'sentence-one-letter');
    expect(stuck.status).toBe('failed');
    expect(stuck.message).toMatch(/'data' listener ran past \d+ ms and was stopped/);
    expect(result.score).toBe(result.maxScore - 1);
  });

  it('loses only the connections whose listener throws, and is told what it threw', async () => {
    const result = await grade(correctServer(`if (line === '\\n') throw new RangeError('nothing to upper-case');`));
    const empty = testNamed(result, 'edge-empty-line');
    expect(empty.status).toBe('failed');
    expect(empty.message).toMatch(/threw in a 'data' listener: RangeError: nothing to upper-case/);
    expect(result.tests.filter((test) => test.status !== 'passed').map((test) => test.id)).toEqual(['edge-empty-line', 'extra-empty-first']);
  });

  it('gets the connection callback that throws reported, not the grader stopped', async () => {
    const result = await grade(`
      import net from 'node:net';
      net.createServer(() => { throw new TypeError('no handler yet'); }).listen(12000);
    `);
    expect(result.score).toBe(0);
    expect(testNamed(result, 'sentence-textbook').message).toMatch(/threw in a 'connection' listener: TypeError: no handler yet/);
  });
});

describe('a submission to an exercise without the net capability', () => {
  it('cannot load a module that imports node:net, even with dgram granted', async () => {
    const result = await grade(`import net from 'node:net';\nimport dgram from 'node:dgram';\nnet.createServer();`, udpServer);
    expect(result.score).toBe(0);
    expect(testNamed(result, 'sentence-textbook')).toMatchObject({ status: 'runtime-error', message: expect.stringMatching(/threw while loading: Error: Cannot find module 'node:net'/) });
  });
});
