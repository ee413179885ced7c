/**
 * Mutant: Computes the distance as b − a without reducing it modulo 2^bits, so every peer or key
 * across 0 from self looks behind it.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[0]!;
}

export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  if (predecessor === self) return self;
  if (predecessor < self ? key > predecessor && key <= self : key > predecessor || key <= self) return self;
  const distance = (a: number, b: number) => b - a;
  let best = successor;
  for (const peer of shortcuts) {
    if (distance(self, peer) <= distance(self, key) && distance(self, peer) > distance(self, best)) best = peer;
  }
  return best;
}
