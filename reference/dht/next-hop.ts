/**
 * One routing step of a lookup in a circular DHT with shortcuts (course material, "Circular DHT";
 * Chord §4.3, where the step is "closest preceding finger").
 *
 * A peer knows only a few others: its predecessor, its successor and some shortcuts. To find the
 * peer responsible for a key it either answers itself (the key falls between its predecessor and
 * itself) or forwards the query to the known peer that gets it closest to the key without going
 * past it. Because distances only ever shrink and never overshoot, every lookup ends at the
 * responsible peer; with shortcuts at distances 1, 2, 4, … each step at least halves the
 * remaining distance, which is where the O(log N) hops come from.
 */
import { clockwiseDistance, inHalfOpenInterval } from './ring-arithmetic.js';

/**
 * Where peer `self` sends a query for `key`: `self` when it is responsible for the key (key in
 * (predecessor, self]); otherwise the successor or shortcut farthest clockwise from self among those
 * not past the key; the successor when none of them is.
 */
export function nextHop(
  self: number,
  predecessor: number,
  successor: number,
  shortcuts: readonly number[],
  key: number,
  bits: number,
): number {
  if (inHalfOpenInterval(key, predecessor, self, bits)) return self;

  const remaining = clockwiseDistance(self, key, bits);
  let best = successor;
  let bestDistance = -1;
  for (const peer of [successor, ...shortcuts]) {
    const distance = clockwiseDistance(self, peer, bits);
    // A peer exactly at the key is not past it (<=): it is the responsible peer itself.
    if (distance <= remaining && distance > bestDistance) {
      best = peer;
      bestDistance = distance;
    }
  }
  // bestDistance still −1 means every known peer lies past the key, so the key sits between self
  // and its successor, and the successor is responsible for it.
  return best;
}
