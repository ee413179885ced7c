/**
 * Mutant: When no peer id is >= key it returns the largest peer id, as if the identifiers ended at
 * 2^bits − 1 instead of wrapping around to 0.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[sorted.length - 1]!;
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
