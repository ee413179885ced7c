/**
 * Compares a returned peer id with the expected one. The DHT contract's answers are single
 * integers, so anything but the same number (a string "12", a boxed value, undefined) differs.
 */
export function comparePeerId(expected: unknown, actual: unknown): { equal: boolean; firstDifference?: string } {
  return typeof actual === 'number' && actual === expected ? { equal: true } : { equal: false, firstDifference: '' };
}
