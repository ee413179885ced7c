/**
 * Arithmetic on the identifier circle of a circular DHT (course material, "Circular DHT"; Chord §4).
 *
 * Identifiers are the integers 0 … 2^bits − 1 placed clockwise on a circle, so after 2^bits − 1
 * comes 0 again. With bits up to 32 the circle has up to 2^32 points, one more than fits in an
 * unsigned 32-bit integer: everything here uses plain numbers (exact up to 2^53) and the `%`
 * operator, never the `| 0` or `>>> 0` tricks that would silently wrap 2^32 to 0.
 */

/** How many identifiers the circle holds: 2^bits. */
export function ringSize(bits: number): number {
  return 2 ** bits;
}

/**
 * Clockwise distance from `from` to `to`: how many steps forward take `from` to `to`.
 * distance(a, a) is 0, and distance(a, b) + distance(b, a) is the ring size when a ≠ b.
 */
export function clockwiseDistance(from: number, to: number, bits: number): number {
  const size = ringSize(bits);
  // `%` keeps the sign of its left operand, so a negative difference needs the size added back.
  return (((to - from) % size) + size) % size;
}

/**
 * Whether `id` lies in the half-open ring interval (from, to]: going clockwise from `from`
 * (excluded) up to `to` (included). When from = to the interval is the whole circle: a peer that is
 * its own predecessor (a ring of one peer) is responsible for every key.
 */
export function inHalfOpenInterval(id: number, from: number, to: number, bits: number): boolean {
  if (from === to) return true;
  const offset = clockwiseDistance(from, id, bits);
  return offset > 0 && offset <= clockwiseDistance(from, to, bits);
}
