import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { readClientVectorInput } from '../../harness/grading/socket-client-vector.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { exerciseDir, itChecksTheVectorSet, readExerciseConfig, vectorsOf } from './exercise-vectors.js';

const SLUG = 'udp-uppercase-client';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const MUTANTS_DIR = path.join(dir, 'mutants');

/** The vector each mutant's mistake is written to be caught by, and the verdict it gets there. */
const CAUGHT_BY: Record<string, [vector: string, status: string]> = {
  'appends-a-newline.ts': ['textbook-lowercase', 'failed'],
  'forgets-to-close.ts': ['textbook-lowercase', 'failed'],
  'ignores-empty-answers.ts': ['answer-empty-datagram', 'time-limit'],
  'resolves-with-the-buffer.ts': ['textbook-lowercase', 'failed'],
  'sends-to-port-12000.ts': ['textbook-lowercase', 'runtime-error'],
  'sends-twice.ts': ['textbook-lowercase', 'failed'],
  'trims-the-answer.ts': ['answer-trailing-newline', 'failed'],
  'upper-cases-locally.ts': ['answer-is-the-servers', 'failed'],
  'sends-a-line-feed-too.ts': ['textbook-lowercase', 'failed'],
  'keeps-the-first-line.ts': ['answer-trailing-newline', 'failed'],
};

let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(dir);
});

const grade = (filename: string, code: string): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename, code });
const mutant = (file: string) => grade(file, readFileSync(path.join(MUTANTS_DIR, file), 'utf8'));

describe('exercises/udp-uppercase-client/exercise.json', () => {
  it('runs the module granted node:dgram and calls uppercase through the socket-client suite over UDP', () => {
    expect(config).toMatchObject({ slug: SLUG, entry: 'uppercase', callStyle: 'program', capabilities: ['dgram'], reference: 'reference/sockets/udp-uppercase-client.ts' });
    expect(config.suites).toEqual([{ kind: 'socket-client', transport: 'udp', callTimeoutMs: 1000 }]);
  });

  it('has a starter that compiles and exports uppercase', async () => {
    const starter = readFileSync(path.join(dir, config.starter), 'utf8');
    expect((await compileSubmission(starter, 'ts', 'starter.ts')).ok).toBe(true);
    expect(starter).toContain('export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string>');
  });

  it('has a statement that teaches sendto, recvfrom, closing the socket and the one-address sandbox', () => {
    const statement = readFileSync(path.join(dir, config.statement), 'utf8').replace(/\s+/g, ' ');
    for (const phrase of ['sendto', 'recvfrom', "'message'", 'close', 'Promise', 'EACCES', 'one datagram']) expect(statement).toContain(phrase);
  });
});

describe('udp-uppercase-client vectors', () => {
  itChecksTheVectorSet(SLUG, { pattern: /^RFC 768$/, says: 'RFC 768' }, [1]);

  it('are valid client inputs, with both server names and every kind of server', () => {
    const inputs = vectors.map((vector) => readClientVectorInput(vector.input, 'udp', vector.id));
    expect(new Set(inputs.map((input) => input.serverName))).toEqual(new Set(['localhost', '127.0.0.1']));
    expect(inputs.some((input) => input.sentence === '')).toBe(true);
    expect(inputs.some((input) => input.server.behaviour === 'fixed-reply' && input.server.reply === '')).toBe(true);
    expect(inputs.some((input) => input.server.gapMs > 0)).toBe(true);
  });

  it('expect what the server answers, byte for byte', () => {
    for (const vector of vectors) {
      const { sentence, server } = readClientVectorInput(vector.input, 'udp', vector.id);
      expect(vector.expected, vector.id).toBe(server.behaviour === 'fixed-reply' ? server.reply : sentence.toUpperCase());
    }
  });
});

describe('udp-uppercase-client grading', () => {
  it('gives the reference full marks', async () => {
    const code = readFileSync(path.resolve(import.meta.dirname, '../../reference/sockets/udp-uppercase-client.ts'), 'utf8');
    const result = await grade('reference.ts', code);
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(vectors.length);
  });

  it('fails the starter on every vector, with "failed" verdicts only', async () => {
    const result = await grade('starter.ts', readFileSync(path.join(dir, config.starter), 'utf8'));
    expect(result.tests.map((test) => test.status)).toEqual(vectors.map(() => 'failed'));
    expect(result.tests.find((test) => test.id === 'textbook-empty-sentence')?.message).toBe(
      'The answer is right, but: The server received no datagram; the client must send the sentence to serverName:serverPort.',
    );
  });

  const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

  it('has at least ten mutants, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
  });

  for (const file of mutantFiles) {
    const [id, status] = CAUGHT_BY[file]!;
    it(`catches the mutant ${file} on ${id} (${status})`, async () => {
      const result = await mutant(file);
      expect(result.gradable).toBe(true);
      expect(result.tests.find((test) => test.id === id)?.status).toBe(status);
    });
  }

  it('tells a client that sends twice how many datagrams the server received', async () => {
    const test = (await mutant('sends-twice.ts')).tests.find((entry) => entry.id === 'textbook-lowercase')!;
    expect(test.message).toBe('The answer is right, but: The server received 2 datagrams; the client sends the sentence as one datagram.');
  });

  it('tells a client that resolves with the Buffer what it resolved with', async () => {
    const test = (await mutant('resolves-with-the-buffer.ts')).tests.find((entry) => entry.id === 'textbook-lowercase')!;
    expect(test.message).toBe("The promise resolved with a Buffer (bytes; its toString() is the text), not a string.");
  });
});
