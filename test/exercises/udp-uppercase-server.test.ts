import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { exerciseDir, itChecksTheVectorSet, readExerciseConfig, vectorsOf } from './exercise-vectors.js';

const SLUG = 'udp-uppercase-server';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const MUTANTS_DIR = path.join(dir, 'mutants');

/** The vector each mutant's mistake is written to be caught by. */
const CAUGHT_BY: Record<string, string> = {
  'closes-after-first-datagram.ts': 'sentence-capitals',
  'ignores-empty-datagrams.ts': 'edge-empty',
  'lowercases.ts': 'sentence-textbook',
  'replies-to-a-fixed-port.ts': 'sentence-textbook',
  'replies-twice.ts': 'sentence-textbook',
  'replies-with-trailing-newline.ts': 'edge-empty',
  'trims-the-sentence.ts': 'edge-trailing-newline',
  'strips-the-line-feed.ts': 'edge-trailing-newline',
  'answers-the-first-client-only.ts': 'sentence-capitals',
  'sends-the-whole-receive-buffer.ts': 'sentence-textbook',
};

let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(dir);
});

const grade = (filename: string, code: string): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename, code });

describe('exercises/udp-uppercase-server/exercise.json', () => {
  it('runs the module as a program granted node:dgram, graded by the udp-server suite', () => {
    expect(config).toMatchObject({ slug: SLUG, callStyle: 'program', capabilities: ['dgram'], reference: 'reference/sockets/udp-uppercase-server.ts' });
    expect(config.suites?.map((suite) => suite.kind)).toEqual(['udp-server']);
  });

  it('has a starter that compiles and binds port 12000', async () => {
    const starter = readFileSync(path.join(dir, config.starter), 'utf8');
    expect((await compileSubmission(starter, 'ts', 'starter.ts')).ok).toBe(true);
    expect(starter).toContain('12000');
  });

  it('has a statement that teaches recvfrom, sendto and the mapped port', () => {
    const statement = readFileSync(path.join(dir, config.statement), 'utf8').replace(/\s+/g, ' ');
    for (const phrase of ['recvfrom', 'sendto', '12000', 'toUpperCase()', 'rinfo.port', 'free port']) expect(statement).toContain(phrase);
  });
});

describe('udp-uppercase-server vectors', () => {
  itChecksTheVectorSet(SLUG, { pattern: /^RFC 768$/, says: 'RFC 768' }, [1]);

  it('hold at least 20 datagrams of printable ASCII and line feeds, the empty one included', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
    for (const vector of vectors) expect(vector.input, vector.id).toMatch(/^[\x20-\x7e\n]*$/);
    expect(vectors.map((vector) => vector.input)).toContain('');
    expect(vectors.some((vector) => vector.input.includes('\n'))).toBe(true);
    expect(Math.max(...vectors.map((vector) => vector.input.length))).toBe(500);
  });

  it('expect the datagram upper-cased and nothing else', () => {
    for (const vector of vectors) expect(vector.expected, vector.id).toBe(vector.input.toUpperCase());
  });
});

describe('udp-uppercase-server grading', () => {
  it('gives the reference full marks', async () => {
    const code = readFileSync(path.resolve(import.meta.dirname, '../../reference/sockets/udp-uppercase-server.ts'), 'utf8');
    const result = await grade('reference.ts', code);
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(vectors.length);
  });

  it('fails the starter on the sentences with letters to change, without errors', async () => {
    const result = await grade('starter.ts', readFileSync(path.join(dir, config.starter), 'utf8'));
    const failed = result.tests.filter((test) => test.status !== 'passed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((test) => test.status === 'failed')).toBe(true);
    expect(result.tests.find((test) => test.id === 'edge-empty')?.status).toBe('passed');
  });

  const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

  it('has at least ten mutants, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
  });

  for (const file of mutantFiles) {
    it(`catches the mutant ${file} on ${CAUGHT_BY[file]}`, async () => {
      const result = await grade(file, readFileSync(path.join(MUTANTS_DIR, file), 'utf8'));
      expect(result.gradable).toBe(true);
      expect(result.tests.find((test) => test.id === CAUGHT_BY[file])?.status).toBe('failed');
    });
  }

  it('reports a datagram answered twice with both answers', async () => {
    const result = await grade('replies-twice.ts', readFileSync(path.join(MUTANTS_DIR, 'replies-twice.ts'), 'utf8'));
    const test = result.tests.find((entry) => entry.id === 'sentence-textbook')!;
    expect(JSON.parse(test.actual!)).toEqual(['HELLO FROM THE CLIENT', 'HELLO FROM THE CLIENT']);
    expect(test.message).toMatch(/2 datagrams came back/);
  });

  it('tells a server that answers a fixed port that the sandbox refused the datagram', async () => {
    const result = await grade('replies-to-a-fixed-port.ts', readFileSync(path.join(MUTANTS_DIR, 'replies-to-a-fixed-port.ts'), 'utf8'));
    const test = result.tests.find((entry) => entry.id === 'sentence-textbook')!;
    expect(test.message).toMatch(/127\.0\.0\.1:12001, which is not the client it answers/);
    expect(test.message).toMatch(/send EACCES 127\.0\.0\.1:12001/);
  });
});
