/**
 * Mutant: Computes the ring size as 1 << bits, which is 1 for bits = 32 and negative for bits = 31,
 * and reduces distances with >>> 0 tricks that wrap at 2^32.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[0]!;
}

export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  const size = 1 << bits;
  const distance = (a: number, b: number) => (((b - a) % size) + size) % size >>> 0;
  if (predecessor === self) return self;
  const fromPredecessor = distance(predecessor, key);
  if (fromPredecessor > 0 && fromPredecessor <= distance(predecessor, self)) return self;
  let best = successor;
  for (const peer of shortcuts) {
    if (distance(self, peer) <= distance(self, key) && distance(self, peer) > distance(self, best)) best = peer;
  }
  return best;
}
