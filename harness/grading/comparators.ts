import { compareHttpParseResult } from '../comparators/http-parse-result.js';

/** How an actual answer is compared with the expected one. Only the fields the contract names count. */
export type Comparator = (expected: unknown, actual: unknown) => { equal: boolean; firstDifference?: string };

const comparators: Record<string, Comparator> = {
  'http-parse-result': compareHttpParseResult,
};

export function comparatorNamed(name: string): Comparator | undefined {
  return Object.hasOwn(comparators, name) ? comparators[name] : undefined;
}
