import { compareDnsMessage } from '../comparators/dns-message.js';
import { compareHttpParseResult } from '../comparators/http-parse-result.js';
import { compareExactText } from '../comparators/exact-text.js';
import { comparePeerId } from '../comparators/peer-id.js';

/** How an actual answer is compared with the expected one. Only the fields the contract names count. */
export type Comparator = (expected: unknown, actual: unknown) => { equal: boolean; firstDifference?: string };

const comparators: Record<string, Comparator> = {
  'dns-message': compareDnsMessage,
  'http-parse-result': compareHttpParseResult,
  'peer-id': comparePeerId,
  'exact-text': compareExactText,
};

export function comparatorNamed(name: string): Comparator | undefined {
  return Object.hasOwn(comparators, name) ? comparators[name] : undefined;
}
