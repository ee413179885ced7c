import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRing, responsiblePeer, ringSize, routeLookup, type ShortcutStyle } from '../../reference/dht/index.js';
import { seededRandom } from '../../harness/grading/ring-simulation-plan.js';

const SEED = 1_024;
const STYLES: ShortcutStyle[] = ['fingers', 'random', 'none'];

/**
 * A ring of up to `maxPeers` peers: a width, a peer count, a shortcut style, and a seed from which
 * the ids and the random shortcuts are drawn (fast-check's own arrays stay short by default, and
 * these rings must reach 1,024 peers).
 */
const ringArbitrary = (maxPeers: number) =>
  fc.integer({ min: 1, max: 32 }).chain((bits) =>
    fc.record({
      bits: fc.constant(bits),
      count: fc.integer({ min: 1, max: Math.min(maxPeers, ringSize(bits)) }),
      style: fc.constantFrom(...STYLES),
      seed: fc.nat(),
    }).map(({ bits, count, style, seed }) => ({ bits, style, seed, ids: distinctIds(count, bits, seededRandom(seed)) })),
  );

function distinctIds(count: number, bits: number, random: () => number): number[] {
  const ids = new Set<number>();
  // Dense rings (more than half the circle) are drawn as the ids left out.
  const dense = count > ringSize(bits) / 2;
  const wanted = dense ? ringSize(bits) - count : count;
  while (ids.size < wanted) ids.add(Math.floor(random() * ringSize(bits)));
  if (!dense) return [...ids];
  return Array.from({ length: ringSize(bits) }, (_, id) => id).filter((id) => !ids.has(id)).reverse();
}

describe('buildRing', () => {
  it('gives every peer its true neighbours and shortcuts that are other peers', () => {
    fc.assert(
      fc.property(ringArbitrary(64), ({ bits, ids, style, seed }) => {
        const ring = buildRing(ids, bits, style, seededRandom(seed));
        const sorted = [...ids].sort((a, b) => a - b);
        expect(ring.ids).toEqual(sorted);
        sorted.forEach((self, index) => {
          const view = ring.peers.get(self)!;
          expect(view.predecessor).toBe(sorted[(index - 1 + sorted.length) % sorted.length]);
          expect(view.successor).toBe(sorted[(index + 1) % sorted.length]);
          expect(view.shortcuts).not.toContain(self);
          for (const shortcut of view.shortcuts) expect(ring.peers.has(shortcut)).toBe(true);
          if (style === 'none') expect(view.shortcuts).toEqual([]);
        });
      }),
      { seed: SEED },
    );
  });

  it('builds finger tables: the peer responsible for self + 2^i', () => {
    const ring = buildRing([1, 3, 4, 5, 8, 10, 12, 15], 4, 'fingers');
    expect(ring.peers.get(3)!.shortcuts).toEqual([4, 5, 8, 12]);
    expect(ring.peers.get(12)!.shortcuts).toEqual([15, 1, 4]);
  });

  it('refuses duplicate and out-of-range ids', () => {
    expect(() => buildRing([3, 3], 4, 'none')).toThrow(/twice/);
    expect(() => buildRing([16], 4, 'none')).toThrow(/not in/);
  });
});

describe('routeLookup with the reference nextHop', () => {
  it('ends every lookup at the responsible peer in rings of up to 1,024 peers, visiting no peer twice', () => {
    let largest = 0;
    fc.assert(
      fc.property(ringArbitrary(1024), fc.nat(), fc.nat(), ({ bits, ids, style, seed }, startPick, keyPick) => {
        const ring = buildRing(ids, bits, style, seededRandom(seed));
        const start = ring.ids[startPick % ring.ids.length]!;
        const key = keyPick % ringSize(bits);
        const route = routeLookup(ring, start, key);
        expect(route.peers.at(-1)).toBe(responsiblePeer(key, ids, bits));
        expect(route.hops).toBe(route.peers.length - 1);
        expect(new Set(route.peers).size).toBe(route.peers.length);
        if (start === responsiblePeer(key, ids, bits)) expect(route.hops).toBe(0);
        largest = Math.max(largest, ids.length);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(largest).toBeGreaterThan(512);
  });

  it('takes at most bits hops with finger tables (each hop at least halves the distance)', () => {
    fc.assert(
      fc.property(ringArbitrary(1024), fc.nat(), fc.nat(), ({ bits, ids }, startPick, keyPick) => {
        const ring = buildRing(ids, bits, 'fingers');
        const route = routeLookup(ring, ring.ids[startPick % ring.ids.length]!, keyPick % ringSize(bits));
        expect(route.hops).toBeLessThanOrEqual(bits);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('routes the worked example 3 → 8 → 10 → 12 for key 11', () => {
    const ring = buildRing([1, 3, 4, 5, 8, 10, 12, 15], 4, 'fingers');
    expect(routeLookup(ring, 3, 11)).toEqual({ peers: [3, 8, 10, 12], hops: 3 });
    expect(routeLookup(ring, 12, 11)).toEqual({ peers: [12], hops: 0 });
  });
});
