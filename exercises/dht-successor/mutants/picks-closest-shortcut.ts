/**
 * Mutant: Forwards to the known peer closest to self among those not past the key, instead of the
 * farthest: every lookup walks the ring one successor at a time.
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
  const candidates = [successor, ...shortcuts].filter((peer) => distance(self, peer) <= distance(self, key));
  candidates.sort((a, b) => distance(self, a) - distance(self, b));
  return candidates[0] ?? successor;
}
