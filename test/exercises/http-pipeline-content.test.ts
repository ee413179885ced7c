import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import { decodeInputBlock } from '../../harness/vectors/markdown-vectors.js';
import { RequestReader } from '../../reference/http/request-reader.js';
import { exerciseDir, readExerciseConfig, vectorsOf, itChecksTheVectorSet } from './exercise-vectors.js';

const SLUG = 'http-pipeline';
const dir = exerciseDir(SLUG);
const config = readExerciseConfig(SLUG);
const vectors = vectorsOf(SLUG);

function isParseResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  if (result.ok === false) return result.status === 400 || result.status === 505;
  if (result.ok !== true || typeof result.request !== 'object' || result.request === null) return false;
  const request = result.request as Record<string, unknown>;
  return (
    ['method', 'target', 'version', 'body'].every((field) => typeof request[field] === 'string') &&
    Array.isArray(request.headers) &&
    request.headers.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string'))
  );
}

/** Everything the reference returns for a stream pushed whole, then end(). */
function readWhole(stream: string): unknown[] {
  const reader = new RequestReader();
  return [...reader.push(stream), ...reader.end()];
}

describe('exercises/http-pipeline/exercise.json', () => {
  it('names the reader class, its call style, the stream suite and files that exist', () => {
    expect(config).toMatchObject({
      slug: SLUG,
      entry: 'RequestReader',
      callStyle: 'stream-reader',
      comparator: 'http-parse-result',
      reference: 'reference/http/index.ts',
      suites: [{ kind: 'stream-vectors' }],
    });
    expect(readFileSync(`${dir}${config.statement}`, 'utf8')).not.toBe('');
    expect(readFileSync(`${dir}${config.starter}`, 'utf8')).not.toBe('');
  });

  it('declares a reference module that exports the reference RequestReader', async () => {
    const reference = (await import(`../../${config.reference ?? ''}`)) as { RequestReader?: unknown };
    expect(reference.RequestReader).toBe(RequestReader);
  });

});

describe('http-pipeline vectors', () => {
  it('hold at least 60 cases with ids unique across the exercise', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
  });

  itChecksTheVectorSet('http-pipeline', { pattern: /^RFC 911[02] §\d+(\.\d+)*$/, says: 'a section of RFC 9110 or RFC 9112' });

  it('expect a list of results of the contract’s shape, nothing after a failure', () => {
    for (const vector of vectors) {
      expect(Array.isArray(vector.expected), vector.id).toBe(true);
      const results = vector.expected as unknown[];
      for (const result of results) expect(isParseResult(result), vector.id).toBe(true);
      const failure = results.findIndex((result) => (result as { ok: boolean }).ok === false);
      if (failure !== -1) expect(failure, vector.id).toBe(results.length - 1);
    }
  });

  it('check streams of no result, several requests, a failure after requests, 400 and 505', () => {
    const shapes = vectors.map((vector) => vector.expected as { ok: boolean; status?: number }[]);
    expect(shapes.some((results) => results.length === 0)).toBe(true);
    expect(shapes.some((results) => results.filter((result) => result.ok).length >= 3)).toBe(true);
    expect(shapes.some((results) => results.length >= 2 && results.at(-1)?.ok === false)).toBe(true);
    expect(shapes.some((results) => results.at(-1)?.status === 400)).toBe(true);
    expect(shapes.some((results) => results.at(-1)?.status === 505)).toBe(true);
  });
});

describe('http-pipeline statement', () => {
  const statement = readFileSync(`${dir}${config.statement}`, 'utf8');

  it('states the contract’s signatures and links RFC 9112 §9.3', () => {
    expect(statement).toContain('push(chunk: string): ParseResult[];');
    expect(statement).toContain('end(): ParseResult[];');
    expect(statement).toContain('https://www.rfc-editor.org/rfc/rfc9112#section-9.3');
  });

  it('has worked examples whose results are what the reference returns', () => {
    const examples = [...statement.matchAll(/```input\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [, inputBlock = '', jsonBlock = ''] of examples) {
      const expected = JSON.parse(jsonBlock) as unknown[];
      const actual = readWhole(decodeInputBlock(inputBlock.replace(/\n$/, '').split('\n')));
      expect(actual.length, inputBlock).toBe(expected.length);
      expected.forEach((result, index) => expect(compareHttpParseResult(result, actual[index]), inputBlock).toEqual({ equal: true }));
    }
  });
});

describe('http-pipeline starter', () => {
  it('compiles as a submission would', async () => {
    const source = readFileSync(`${dir}${config.starter}`, 'utf8');
    expect(await compileSubmission(source, 'ts', config.starter)).toMatchObject({ ok: true });
  });
});
