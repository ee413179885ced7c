import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VectorCase } from '../../harness/exercises/types.js';
import { compareHttpParseResult } from '../../harness/comparators/http-parse-result.js';
import { exerciseDir, vectorsOf } from './exercise-vectors.js';

// Each mutant is a realistic wrong solution. The vectors are only as good as the mistakes they
// catch, so every mutant must fail at least one of them, and in particular the vector that targets
// its mistake.

const SLUG = 'http-request-parser';
const MUTANTS_DIR = `${exerciseDir(SLUG)}mutants/`;
const vectors = vectorsOf(SLUG);

type ParseFunction = (message: string) => unknown;

/** The vector each mutant's mistake is written to be caught by. */
const CAUGHT_BY: Record<string, string> = {
  'accepts-bare-lf.ts': 'line-endings-lf-only',
  'accepts-obs-fold.ts': 'headers-obs-fold-space',
  'answers-400-for-unsupported-versions.ts': 'version-2-0',
  'ascii-only-values.ts': 'headers-obs-text-value',
  'case-sensitive-host.ts': 'host-uppercase-name',
  'checks-headers-before-version.ts': 'version-505-before-broken-headers',
  'decides-version-before-crlf.ts': 'version-cut-off-before-crlf',
  'does-not-check-target.ts': 'request-line-control-in-target',
  'ignores-bytes-after-body.ts': 'body-trailing-crlf',
  'ignores-duplicate-host.ts': 'host-twice',
  'lowercases-header-names.ts': 'headers-order-and-case',
  'parses-content-length-with-number.ts': 'content-length-list-equal',
  'parses-content-length-with-parseint.ts': 'content-length-plus-sign',
  'reads-version-as-number.ts': 'version-two-digit-minor',
  'rejects-leading-empty-lines.ts': 'leading-one-crlf',
  'splits-request-line-on-whitespace.ts': 'request-line-double-space-after-method',
  'strips-space-before-colon.ts': 'headers-space-before-colon',
  'trims-only-leading-spaces.ts': 'headers-ows-tabs-trimmed',
  'trims-with-string-trim.ts': 'headers-nbsp-not-trimmed',
  'uppercase-methods-only.ts': 'request-line-m-search',
};

function failedVectors(parse: ParseFunction): VectorCase[] {
  return vectors.filter((vector) => {
    try {
      return !compareHttpParseResult(vector.expected, parse(vector.input)).equal;
    } catch {
      return true;
    }
  });
}

async function load(path: string): Promise<ParseFunction> {
  const module = (await import(path)) as { parseRequest?: unknown };
  expect(module.parseRequest).toBeTypeOf('function');
  return module.parseRequest as ParseFunction;
}

const mutantFiles = readdirSync(MUTANTS_DIR).filter((file) => file.endsWith('.ts')).sort();

describe('http-request-parser mutants', () => {
  it('are at least ten, each listed with the vector that targets it', () => {
    expect(mutantFiles.length).toBeGreaterThanOrEqual(10);
    expect(mutantFiles).toEqual(Object.keys(CAUGHT_BY).sort());
    const ids = new Set(vectors.map((vector) => vector.id));
    for (const id of Object.values(CAUGHT_BY)) expect(ids).toContain(id);
  });

  for (const file of mutantFiles) {
    it(`${file} names its mistake and fails the vectors that target it`, async () => {
      expect(readFileSync(`${MUTANTS_DIR}${file}`, 'utf8')).toMatch(/^\/\*\*\n \* Mutant: \S/);
      const failed = failedVectors(await load(`${MUTANTS_DIR}${file}`));
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed.map((vector) => vector.id)).toContain(CAUGHT_BY[file]);
    });
  }
});

describe('http-request-parser starter', () => {
  it('fails every vector that does not expect a 400', async () => {
    const failed = new Set(failedVectors(await load(`${exerciseDir(SLUG)}starter.ts`)).map((vector) => vector.id));
    const notBadRequest = vectors.filter((vector) => compareHttpParseResult(vector.expected, { ok: false, status: 400 }).equal === false);
    expect(notBadRequest.length).toBeGreaterThan(vectors.length / 3);
    for (const vector of notBadRequest) expect(failed).toContain(vector.id);
  });
});
