/**
 * Mutant: Forwards to the known peer whose id is numerically nearest the key, even when that peer is
 * past the key.
 */
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[0]!;
}

export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  const size = 2 ** bits;
  const distance = (a: number, b: number) => (((b - a) % size) + size) % size;
  if (predecessor === self) return self;
  const fromPredecessor = distance(predecessor, key);
  if (fromPredecessor > 0 && fromPredecessor <= distance(predecessor, self)) return self;
  let best = successor;
  for (const peer of shortcuts) if (Math.abs(peer - key) < Math.abs(best - key)) best = peer;
  return best;
}
