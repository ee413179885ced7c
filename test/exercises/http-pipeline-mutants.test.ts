import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import type { VectorCase } from '../../harness/exercises/types.js';
import { checkStreamAnswer, chunkingsOf } from '../../harness/grading/stream-answer-check.js';
import { resultWindows } from '../../reference/http/reporting-window.js';
import { exerciseDir, vectorsOf } from './exercise-vectors.js';

// Each mutant is a realistic wrong reader. Every one must fail, under some chunking, the vector
// written to catch its mistake, graded the way the stream-vectors suite grades: all results in
// order, each from a call the contract allows.

const SLUG = 'http-pipeline';
const MUTANTS_DIR = `${exerciseDir(SLUG)}mutants/`;
const vectors = vectorsOf(SLUG);

interface Reader {
  push(chunk: string): unknown;
  end(): unknown;
}
type ReaderClass = new () => Reader;

/** The vector each mutant's mistake is written to be caught by. */
const CAUGHT_BY: Record<string, string> = {
  'accepts-any-content-length.ts': 'bodies-content-length-too-large',
  'answers-400-at-end-for-an-unsupported-version.ts': 'end-pending-505',
  'counts-trailing-empty-lines-as-pending.ts': 'empty-lines-at-the-end',
  'forgets-pending-bytes-at-end.ts': 'end-inside-body',
  'keeps-parsing-after-failure.ts': 'failures-first-broken',
  'lone-cr-at-chunk-end-is-broken.ts': 'example-single-request',
  'lone-cr-is-not-pending.ts': 'empty-lines-lone-cr-at-end',
  'looks-for-the-blank-line-in-each-chunk.ts': 'example-single-request',
  'one-request-per-chunk.ts': 'example-single-request',
  'returns-one-request-per-push.ts': 'pipeline-two-gets',
  'skips-empty-lines-only-before-the-first-request.ts': 'empty-lines-between-requests',
  'waits-for-a-byte-past-the-body.ts': 'end-after-complete-request',
};

/** Whether the reader is right on the vector under every chunking, as the suite decides. */
function passes(Reader: ReaderClass, vector: VectorCase): boolean {
  const windows = resultWindows(vector.input);
  return chunkingsOf(vector.input).every((chunking) => {
    try {
      const reader = new Reader();
      const answer = [...chunking.chunks.map((chunk) => reader.push(chunk)), reader.end()];
      return checkStreamAnswer(vector.expected as unknown[], windows, chunking, JSON.parse(JSON.stringify(answer)), compareHttpParseResult).right;
    } catch {
      return false;
    }
  });
}

async function load(path: string): Promise<ReaderClass> {
  const module = (await import(path)) as { RequestReader?: unknown };
  expect(module.RequestReader).toBeTypeOf('function');
  return module.RequestReader as ReaderClass;
}

const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

describe('http-pipeline mutants', () => {
  it('are at least ten, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
    const ids = new Set(vectors.map((vector) => vector.id));
    for (const id of Object.values(CAUGHT_BY)) expect(ids).toContain(id);
  });

  for (const file of mutantFiles) {
    it(`${file} names its mistake and fails the vector that targets it`, async () => {
      expect(readFileSync(`${MUTANTS_DIR}${file}`, 'utf8')).toMatch(/^\/\*\*\n \* Mutant: \S/);
      const Reader = await load(`${MUTANTS_DIR}${file}`);
      const target = vectors.find((vector) => vector.id === CAUGHT_BY[file])!;
      expect(passes(Reader, target)).toBe(false);
    });
  }
});

describe('http-pipeline starter', () => {
  it('fails every vector that expects a result', async () => {
    const Reader = await load(`${exerciseDir(SLUG)}starter.ts`);
    const expectingResults = vectors.filter((vector) => (vector.expected as unknown[]).length > 0);
    expect(expectingResults.length).toBeGreaterThan(vectors.length * 0.9);
    for (const vector of expectingResults) expect(passes(Reader, vector), vector.id).toBe(false);
  });
});
