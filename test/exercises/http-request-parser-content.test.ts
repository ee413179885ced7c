import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSubmission } from '../../harness/compile.js';
import { comparatorNamed } from '../../harness/grading/comparators.js';
import { decodeInputBlock } from '../../harness/vectors/markdown-vectors.js';
import { parseRequest } from '../../reference/http/parse-request.js';
import { exerciseDir, readExerciseConfig, vectorsOf, itChecksTheVectorSet } from './exercise-vectors.js';

const SLUG = 'http-request-parser';
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

describe('exercises/http-request-parser/exercise.json', () => {
  it('names the entry point, a known comparator and files that exist', () => {
    expect(config).toMatchObject({
      slug: SLUG,
      entry: 'parseRequest',
      comparator: 'http-parse-result',
      reference: 'reference/http/index.ts',
    });
    expect(config.title).toBeTypeOf('string');
    expect(config.summary).toBeTypeOf('string');
    expect(comparatorNamed(config.comparator)).toBeTypeOf('function');
    expect(readFileSync(`${dir}${config.statement}`, 'utf8')).not.toBe('');
    expect(readFileSync(`${dir}${config.starter}`, 'utf8')).not.toBe('');
  });

  it('declares a reference module that exports the reference parseRequest', async () => {
    const reference = (await import(`../../${config.reference ?? ''}`)) as { parseRequest?: unknown };
    expect(reference.parseRequest).toBe(parseRequest);
  });

});

describe('http-request-parser vectors', () => {
  it('hold at least 70 cases with ids unique across the exercise', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(70);
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
  });

  itChecksTheVectorSet('http-request-parser', { pattern: /^RFC 911[02] §\d+(\.\d+)*$/, says: 'a section of RFC 9110 or RFC 9112' });

  it('expect only results of the contract’s shape', () => {
    for (const vector of vectors) expect(isParseResult(vector.expected), vector.id).toBe(true);
  });

  it('check each status: accepted requests, 400 and 505', () => {
    const outcomes = new Set(vectors.map((vector) => JSON.stringify((vector.expected as { status?: number }).status ?? 'ok')));
    expect(outcomes).toEqual(new Set(['"ok"', '400', '505']));
  });
});

describe('http-request-parser statement', () => {
  const statement = readFileSync(`${dir}${config.statement}`, 'utf8');

  it('states the contract’s signature', () => {
    expect(statement).toContain('export function parseRequest(message: string): ParseResult;');
    expect(statement).toContain('| { ok: false; status: 400 | 505 };');
  });

  it('has worked examples whose results are what the reference returns', () => {
    const examples = [...statement.matchAll(/```input\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [, inputBlock = '', jsonBlock = ''] of examples) {
      const input = decodeInputBlock(inputBlock.replace(/\n$/, '').split('\n'));
      const expected: unknown = JSON.parse(jsonBlock);
      expect(comparatorNamed('http-parse-result')?.(expected, parseRequest(input)), inputBlock).toEqual({ equal: true });
    }
  });
});

describe('http-request-parser starter', () => {
  it('compiles as a submission would', async () => {
    const source = readFileSync(`${dir}${config.starter}`, 'utf8');
    expect(await compileSubmission(source, 'ts', config.starter)).toMatchObject({ ok: true });
  });
});
