/**
 * Circular DHT: which peer stores a key, and where a peer sends a query for it.
 *
 * Identifiers (of peers and of keys) are integers from 0 to 2^bits − 1, arranged clockwise on a
 * circle: after 2^bits − 1 comes 0. `bits` is 1 to 32, so 2^32 itself does not fit in 32 bits:
 * compute with plain numbers and `%`, not with bitwise operators.
 * The statement lists every rule and works through an example ring.
 */

/** The peer responsible for `key`: the smallest peer id >= key; if there is none, the smallest peer id.
 *  `peers` is non-empty, with distinct ids, in any order. */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  // TODO 1: find the smallest peer id that is >= key.
  // TODO 2: if no peer id is >= key, wrap around the circle: the answer is the smallest peer id.
  //         Careful if you sort: [10, 9].sort() compares the ids as text.
  return peers[0]!;
}

/** One routing step at peer `self`. Returns `self` when self is responsible for `key` (key in the
 *  half-open interval (predecessor, self]); otherwise the known peer (successor or shortcut) whose
 *  clockwise distance from self is the largest among those not past the key; the successor when
 *  none is. */
export function nextHop(
  self: number,
  predecessor: number,
  successor: number,
  shortcuts: number[],
  key: number,
  bits: number,
): number {
  // TODO 1: write distance(a, b) = (b − a) mod 2^bits. JavaScript's % keeps the sign of b − a.
  // TODO 2: is key in (predecessor, self]? Mind a ring of one peer, where predecessor = self.
  // TODO 3: among the successor and the shortcuts, keep those with distance(self, q) <= distance(self, key),
  //         and return the one with the largest distance; the successor when none qualifies.
  return successor;
}
