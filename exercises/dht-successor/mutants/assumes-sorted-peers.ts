/**
 * Mutant: Takes the first peer id in the list that is >= key, and the first one when none is, as if
 * the peers always came sorted.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  return peers.find((peer) => peer >= key) ?? peers[0]!;
}

export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  const size = 2 ** bits;
  const distance = (a: number, b: number) => (((b - a) % size) + size) % size;
  if (predecessor === self) return self;
  const fromPredecessor = distance(predecessor, key);
  if (fromPredecessor > 0 && fromPredecessor <= distance(predecessor, self)) return self;
  let best = successor;
  for (const peer of shortcuts) {
    if (distance(self, peer) <= distance(self, key) && distance(self, peer) > distance(self, best)) best = peer;
  }
  return best;
}
