/**
 * Compares a submission's ParseResult with the expected one, on the fields the
 * `http-request-parser` contract names (spec §1) and nothing else: `ok`; then either the request's
 * method, target, version, headers and body, or the failure's status. Extra properties a
 * submission adds (an error message, say) are ignored.
 *
 * The first difference is reported as a path into the submission's answer, such as
 * `request.headers[1][0]`, so feedback can point at the exact wrong value.
 */

export interface Comparison {
  equal: boolean;
  /** Where `actual` first departs from `expected`; "(root)" when it is not even an object. */
  firstDifference?: string;
}

type Fields = Record<string, unknown>;

const REQUEST_STRING_FIELDS = ['method', 'target', 'version'] as const;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function differ(path: string): Comparison {
  return { equal: false, firstDifference: path };
}

const SAME: Comparison = { equal: true };

export function compareHttpParseResult(expected: unknown, actual: unknown): Comparison {
  if (!isObject(expected) || typeof expected.ok !== 'boolean') {
    throw new TypeError('expected value is not a ParseResult (the vector is wrong)');
  }
  if (!isObject(actual)) return differ('(root)');
  if (actual.ok !== expected.ok) return differ('ok');
  if (expected.ok) return compareRequest(expected.request, actual.request);
  return actual.status === expected.status ? SAME : differ('status');
}

function compareRequest(expected: unknown, actual: unknown): Comparison {
  if (!isObject(expected)) throw new TypeError('expected request is not an object (the vector is wrong)');
  if (!isObject(actual)) return differ('request');
  for (const field of REQUEST_STRING_FIELDS) {
    if (actual[field] !== expected[field]) return differ(`request.${field}`);
  }
  const headers = compareHeaders(expected.headers, actual.headers);
  if (!headers.equal) return headers;
  return actual.body === expected.body ? SAME : differ('request.body');
}

/** Headers are an exact, ordered list of [name, value] pairs. */
function compareHeaders(expected: unknown, actual: unknown): Comparison {
  if (!Array.isArray(expected)) throw new TypeError('expected headers are not an array (the vector is wrong)');
  if (!Array.isArray(actual)) return differ('request.headers');
  const common = Math.min(expected.length, actual.length);
  for (let index = 0; index < common; index++) {
    const path = `request.headers[${index}]`;
    const want = expected[index] as unknown[];
    const got: unknown = actual[index];
    if (!Array.isArray(got) || got.length !== 2) return differ(path);
    if (got[0] !== want[0]) return differ(`${path}[0]`);
    if (got[1] !== want[1]) return differ(`${path}[1]`);
  }
  // A missing or an extra pair: point at the first index where the lists stop matching.
  if (expected.length !== actual.length) return differ(`request.headers[${common}]`);
  return SAME;
}
