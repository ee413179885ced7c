/**
 * Compares a text answer with the expected one, character for character (each character one
 * byte), and points at the first character that differs, e.g. `[5]`.
 */
export function compareExactText(expected: unknown, actual: unknown): { equal: boolean; firstDifference?: string } {
  if (typeof expected !== 'string') throw new TypeError('exact-text compares strings; the expected value is not one');
  if (typeof actual !== 'string') return { equal: false, firstDifference: '' };
  if (actual === expected) return { equal: true };
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i += 1;
  return { equal: false, firstDifference: `[${i}]` };
}
