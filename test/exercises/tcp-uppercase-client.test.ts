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

const SLUG = 'tcp-uppercase-client';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);
const MUTANTS_DIR = path.join(dir, 'mutants');

/** The vector each mutant's mistake is written to be caught by, and the verdict it gets there. */
const CAUGHT_BY: Record<string, [vector: string, status: string]> = {
  'connects-to-port-12000.ts': ['textbook-lowercase', 'runtime-error'],
  'keeps-only-the-first-line.ts': ['stream-two-lines', 'failed'],
  'keeps-the-newline.ts': ['textbook-lowercase', 'failed'],
  'resolves-on-first-chunk.ts': ['stream-fragments', 'failed'],
  'sends-crlf.ts': ['textbook-lowercase', 'failed'],
  'sends-without-newline.ts': ['textbook-lowercase', 'time-limit'],
  'strips-every-newline.ts': ['stream-two-trailing-newlines', 'failed'],
  'trims-the-answer.ts': ['textbook-spaces', 'failed'],
  'upper-cases-locally.ts': ['stream-answer-is-the-servers', 'failed'],
  'joins-chunks-with-commas.ts': ['stream-fragments', 'failed'],
};

let exercise: Exercise;
beforeAll(async () => {
  exercise = await loadExercise(dir);
});

const grade = (filename: string, code: string): Promise<GradingResult> => gradeSubmission(exercise, { language: 'ts', filename, code });
const mutant = (file: string) => grade(file, readFileSync(path.join(MUTANTS_DIR, file), 'utf8'));

describe('exercises/tcp-uppercase-client/exercise.json', () => {
  it('runs the module granted node:net and calls uppercase through the socket-client suite over TCP', () => {
    expect(config).toMatchObject({ slug: SLUG, entry: 'uppercase', callStyle: 'program', capabilities: ['net'], reference: 'reference/sockets/tcp-uppercase-client.ts' });
    expect(config.suites).toEqual([{ kind: 'socket-client', transport: 'tcp', callTimeoutMs: 1000 }]);
  });

  it('has a starter that compiles and exports uppercase', async () => {
    const starter = readFileSync(path.join(dir, config.starter), 'utf8');
    expect((await compileSubmission(starter, 'ts', 'starter.ts')).ok).toBe(true);
    expect(starter).toContain('export function uppercase(sentence: string, serverName: string, serverPort: number): Promise<string>');
  });

  it('has a statement that teaches connect, the byte stream, the end of the stream and the one trailing line feed', () => {
    const statement = readFileSync(path.join(dir, config.statement), 'utf8').replace(/\s+/g, ' ');
    for (const phrase of ['createConnection', "'data'", "'end'", 'RFC 9293 §2.2', 'FIN', 'one trailing `\\n`', 'EACCES', 'nc -N -l 12000']) expect(statement).toContain(phrase);
  });
});

describe('tcp-uppercase-client vectors', () => {
  itChecksTheVectorSet(SLUG, { pattern: /^RFC 9293 §(2\.2|3\.5|3\.6)$/, says: 'RFC 9293 §2.2, §3.5 or §3.6' }, [1]);

  it('are valid client inputs, with both server names, fragments, pauses and a server that sends nothing', () => {
    const inputs = vectors.map((vector) => readClientVectorInput(vector.input, 'tcp', vector.id));
    expect(new Set(inputs.map((input) => input.serverName))).toEqual(new Set(['localhost', '127.0.0.1']));
    expect(inputs.some((input) => input.sentence === '')).toBe(true);
    expect(inputs.some((input) => input.server.pieces > 1 && input.server.gapMs >= 100)).toBe(true);
    expect(inputs.some((input) => input.server.behaviour === 'fixed-reply' && input.server.reply === '')).toBe(true);
    expect(inputs.some((input) => input.server.behaviour === 'fixed-reply' && !input.server.reply!.endsWith('\n') && input.server.reply !== '')).toBe(true);
  });

  it('expect what the server sends minus one trailing line feed', () => {
    for (const vector of vectors) {
      const { sentence, server } = readClientVectorInput(vector.input, 'tcp', vector.id);
      const sent = server.behaviour === 'fixed-reply' ? server.reply! : `${sentence.toUpperCase()}\n`;
      expect(vector.expected, vector.id).toBe(sent.endsWith('\n') ? sent.slice(0, -1) : sent);
    }
  });
});

describe('tcp-uppercase-client grading', () => {
  it('gives the reference full marks', async () => {
    const code = readFileSync(path.resolve(import.meta.dirname, '../../reference/sockets/tcp-uppercase-client.ts'), 'utf8');
    const result = await grade('reference.ts', code);
    expect(result.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(vectors.length);
  });

  it('fails the starter on every vector, with "failed" verdicts only', async () => {
    const result = await grade('starter.ts', readFileSync(path.join(dir, config.starter), 'utf8'));
    expect(result.tests.map((test) => test.status)).toEqual(vectors.map(() => 'failed'));
  });

  const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

  it('has at least ten mutants, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
  });

  for (const file of mutantFiles) {
    const [id, status] = CAUGHT_BY[file]!;
    it(`catches the mutant ${file} on ${id} (${status})`, { timeout: 60_000 }, async () => {
      const result = await mutant(file);
      expect(result.gradable).toBe(true);
      expect(result.tests.find((test) => test.id === id)?.status).toBe(status);
    });
  }

  it('shows a client that ends its line with CR LF what the server received', async () => {
    const test = (await mutant('sends-crlf.ts')).tests.find((entry) => entry.id === 'textbook-lowercase')!;
    expect(JSON.parse(test.actual!)).toBe('HELLO FROM THE CLIENT\r');
    expect(test.message).toContain('The server received "hello from the client\\r\\n"; the client writes the sentence and one line feed, "hello from the client\\n", and nothing else.');
  });
});
