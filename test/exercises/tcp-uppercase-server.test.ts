import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { exerciseDir, itChecksTheVectorSet, readExerciseConfig, vectorsOf } from './exercise-vectors.js';

const SLUG = 'tcp-uppercase-server';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const MUTANTS_DIR = path.join(dir, 'mutants');

/** The vector each mutant's mistake is written to be caught by. */
const CAUGHT_BY: Record<string, string> = {
  'adds-a-second-line-feed.ts': 'sentence-textbook',
  'answers-the-extra-bytes-too.ts': 'extra-second-line',
  'answers-the-first-read.ts': 'sentence-textbook',
  'drops-the-line-feed.ts': 'edge-empty-line',
  'never-closes.ts': 'sentence-textbook',
  'serves-one-client-only.ts': 'long-4000',
  'shares-one-buffer.ts': 'sentence-textbook',
  'trims-the-line.ts': 'edge-spaces',
  'waits-for-the-client-to-close.ts': 'sentence-textbook',
  'listens-on-any-free-port.ts': 'sentence-textbook',
};

let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(dir);
});

const grade = (filename: string, code: string): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename, code });
/** Each mutant is graded once; the tests below read the same result (two of them wait out the
 *  reply timeout on every vector). */
const mutantResults = new Map<string, Promise<GradingResult>>();
const gradeMutant = (file: string): Promise<GradingResult> => {
  if (!mutantResults.has(file)) mutantResults.set(file, grade(file, readFileSync(path.join(MUTANTS_DIR, file), 'utf8')));
  return mutantResults.get(file)!;
};

describe('exercises/tcp-uppercase-server/exercise.json', () => {
  it('runs the module as a program granted node:net, graded by the tcp-server suite', () => {
    expect(config).toMatchObject({ slug: SLUG, callStyle: 'program', capabilities: ['net'], reference: 'reference/sockets/tcp-uppercase-server.ts' });
    expect(config.suites?.map((suite) => suite.kind)).toEqual(['tcp-server']);
  });

  it('has a starter that compiles and listens on port 12000', async () => {
    const starter = readFileSync(path.join(dir, config.starter), 'utf8');
    expect((await compileSubmission(starter, 'ts', 'starter.ts')).ok).toBe(true);
    expect(starter).toContain('12000');
    expect(starter).toContain('net.createServer');
  });

  it('has a statement that teaches the handshake, the welcoming socket and the connection socket', () => {
    const statement = readFileSync(path.join(dir, config.statement), 'utf8').replace(/\s+/g, ' ');
    for (const phrase of ['three-way handshake', 'welcoming socket', 'connection socket', 'accept()', 'stream of bytes', '12000', 'toUpperCase()', 'free port']) {
      expect(statement).toContain(phrase);
    }
  });
});

describe('tcp-uppercase-server vectors', () => {
  itChecksTheVectorSet(SLUG, { pattern: /^(RFC 9293 §2\.2|Kurose & Ross §2\.7\.2)$/, says: 'RFC 9293 §2.2 or the textbook section' }, [1]);

  it('hold at least 20 inputs of printable ASCII and line feeds, each with a line feed, the empty line included', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
    for (const vector of vectors) {
      expect(vector.input, vector.id).toMatch(/^[\x20-\x7e\n]*$/);
      expect(vector.input, vector.id).toContain('\n');
    }
    expect(vectors.map((vector) => vector.input)).toContain('\n');
    expect(Math.max(...vectors.map((vector) => vector.input.length))).toBeGreaterThan(1024);
  });

  it('include bytes after the line in several of the inputs', () => {
    const withExtra = vectors.filter((vector) => vector.input.indexOf('\n') < vector.input.length - 1);
    expect(withExtra.length).toBeGreaterThanOrEqual(5);
  });

  it('expect the first line upper-cased, its line feed included, and nothing else', () => {
    for (const vector of vectors) expect(vector.expected, vector.id).toBe(vector.input.slice(0, vector.input.indexOf('\n') + 1).toUpperCase());
  });
});

describe('tcp-uppercase-server grading', () => {
  it('gives the reference full marks', async () => {
    const code = readFileSync(path.resolve(import.meta.dirname, '../../reference/sockets/tcp-uppercase-server.ts'), 'utf8');
    const result = await grade('reference.ts', code);
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(vectors.length);
  });

  it('fails the starter on the lines with letters to change or sent in pieces, without errors', async () => {
    const result = await grade('starter.ts', readFileSync(path.join(dir, config.starter), 'utf8'));
    const failed = result.tests.filter((test) => test.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((test) => test.status === 'failed')).toBe(true);
  });

  const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

  it('has at least ten mutants, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
  });

  for (const file of mutantFiles) {
    it(`catches the mutant ${file} on ${CAUGHT_BY[file]}`, async () => {
      const result = await gradeMutant(file);
      expect(result.gradable).toBe(true);
      expect(result.tests.find((test) => test.id === CAUGHT_BY[file])?.status).toBe('failed');
    });
  }

  it('tells a server that answers the first read which cutting of the line it got wrong', async () => {
    const result = await gradeMutant('answers-the-first-read.ts');
    const test = result.tests.find((entry) => entry.id === 'sentence-textbook')!;
    expect(test.message).toMatch(/^Sent byte by byte \(22 pieces\): the answer differs/);
    expect(JSON.parse(test.expected!)).toBe('HELLO FROM THE CLIENT\n');
  });

  it('tells a server that waits for the client to close that it must answer the line at once', async () => {
    const result = await gradeMutant('waits-for-the-client-to-close.ts');
    const test = result.tests.find((entry) => entry.id === 'sentence-textbook')!;
    expect(test.message).toMatch(/no answer came back within 1000 ms\. The server must answer as soon as it has read one line/);
  });

  it('tells a server that never closes that its answer was right but the connection stayed open', async () => {
    const result = await gradeMutant('never-closes.ts');
    const test = result.tests.find((entry) => entry.id === 'sentence-textbook')!;
    expect(JSON.parse(test.actual!)).toBe('HELLO FROM THE CLIENT\n');
    expect(test.message).toMatch(/the answer was right, but the server did not close the connection/);
  });
});
