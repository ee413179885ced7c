/**
 * Which peer stores a key in a circular DHT (course material, "Distributed Hash Tables"; Chord §4:
 * the key's successor).
 *
 * The peer responsible for a key is its closest successor: the peer whose id is the smallest one
 * that is >= key. When every peer id is smaller than the key, counting goes on past 2^bits − 1 back
 * to 0, and the smallest peer id of all is the answer.
 */

/** The id of the peer that stores `key`. `peers` is non-empty, with distinct ids, in any order. */
export function responsiblePeer(key: number, peers: readonly number[], bits: number): number {
  if (peers.length === 0) throw new RangeError('a ring needs at least one peer');
  if (!(bits >= 1 && bits <= 32)) throw new RangeError(`bits must be 1 to 32, not ${bits}`);
  // One pass, no sorting: a sort without a comparator would order ids as text (10 before 9).
  let smallestAtOrAfterKey: number | undefined;
  let smallest = peers[0]!;
  for (const peer of peers) {
    if (peer < smallest) smallest = peer;
    if (peer >= key && (smallestAtOrAfterKey === undefined || peer < smallestAtOrAfterKey)) smallestAtOrAfterKey = peer;
  }
  // No peer at or after the key: wrap around the circle to the smallest id.
  return smallestAtOrAfterKey ?? smallest;
}
