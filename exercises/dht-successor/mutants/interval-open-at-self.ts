/**
 * Mutant: Treats the responsibility interval as [predecessor, self): a peer answers for its
 * predecessor's id but forwards queries for its own.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[0]!;
}

export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  const size = 2 ** bits;
  const distance = (a: number, b: number) => (((b - a) % size) + size) % size;
  if (predecessor === self) return self;
  if (distance(predecessor, key) < distance(predecessor, self)) return self;
  let best = successor;
  for (const peer of shortcuts) {
    if (distance(self, peer) <= distance(self, key) && distance(self, peer) > distance(self, best)) best = peer;
  }
  return best;
}
