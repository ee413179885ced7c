import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockwiseDistance, inHalfOpenInterval, nextHop, responsiblePeer, ringSize } from '../../reference/dht/index.js';
import { vectorLocation, vectorsOf } from '../exercises/exercise-vectors.js';

const SLUG = 'dht-successor';
const reference: Record<string, (...args: never[]) => number> = { responsiblePeer, nextHop };

describe('the DHT reference on the exercise vectors', () => {
  for (const vector of vectorsOf(SLUG)) {
    it(`${vector.name} at ${vectorLocation(SLUG, vector)}`, () => {
      // Vectors of this exercise are `input json` blocks: [exportName, ...args].
      const [name, ...args] = vector.input as unknown as [string, ...never[]];
      expect(reference[name]!(...args)).toBe(vector.expected);
    });
  }
});

const SEED = 5_2027;
const bitsArbitrary = fc.integer({ min: 1, max: 32 });
/** A width, a set of distinct peer ids in range (in any order), and a key in range. */
const ringArbitrary = bitsArbitrary.chain((bits) =>
  fc.record({
    bits: fc.constant(bits),
    peers: fc.uniqueArray(fc.integer({ min: 0, max: ringSize(bits) - 1 }), { minLength: 1, maxLength: 40 }),
    key: fc.integer({ min: 0, max: ringSize(bits) - 1 }),
  }),
);

describe('clockwiseDistance', () => {
  it('is 0 from an id to itself and counts steps forward modulo 2^bits', () => {
    fc.assert(
      fc.property(bitsArbitrary.chain((bits) => fc.tuple(fc.constant(bits), fc.nat(ringSize(bits) - 1), fc.nat(ringSize(bits) - 1))), ([bits, a, b]) => {
        const forward = clockwiseDistance(a, b, bits);
        expect(clockwiseDistance(a, a, bits)).toBe(0);
        expect(forward).toBeGreaterThanOrEqual(0);
        expect(forward).toBeLessThan(ringSize(bits));
        expect((a + forward) % ringSize(bits)).toBe(b);
        if (a !== b) expect(forward + clockwiseDistance(b, a, bits)).toBe(ringSize(bits));
      }),
      { seed: SEED },
    );
  });

  it('stays exact across 2^31 and 2^32 with 32-bit ids', () => {
    expect(clockwiseDistance(4294967295, 0, 32)).toBe(1);
    expect(clockwiseDistance(0, 4294967295, 32)).toBe(4294967295);
    expect(clockwiseDistance(2147483647, 2147483648, 32)).toBe(1);
    expect(ringSize(32)).toBe(4294967296);
  });
});

describe('inHalfOpenInterval', () => {
  it('holds the end but not the start of the interval', () => {
    expect(inHalfOpenInterval(8, 5, 8, 4)).toBe(true);
    expect(inHalfOpenInterval(5, 5, 8, 4)).toBe(false);
    expect(inHalfOpenInterval(0, 15, 1, 4)).toBe(true);
    expect(inHalfOpenInterval(14, 15, 1, 4)).toBe(false);
  });

  it('is the whole ring when start and end are the same peer', () => {
    for (let id = 0; id < 16; id++) expect(inHalfOpenInterval(id, 6, 6, 4)).toBe(true);
  });
});

describe('responsiblePeer', () => {
  it('is the first peer met walking clockwise from the key, the key included', () => {
    fc.assert(
      fc.property(ringArbitrary, ({ bits, peers, key }) => {
        const walked = Math.min(...peers.map((peer) => clockwiseDistance(key, peer, bits)));
        expect(clockwiseDistance(key, responsiblePeer(key, peers, bits), bits)).toBe(walked);
      }),
      { seed: SEED },
    );
  });

  it('does not depend on the order of the peers', () => {
    fc.assert(
      fc.property(ringArbitrary, ({ bits, peers, key }) => {
        expect(responsiblePeer(key, [...peers].reverse(), bits)).toBe(responsiblePeer(key, peers, bits));
      }),
      { seed: SEED },
    );
  });

  it('refuses an empty ring and an out-of-range width', () => {
    expect(() => responsiblePeer(3, [], 4)).toThrow(RangeError);
    expect(() => responsiblePeer(3, [1], 33)).toThrow(RangeError);
  });
});

describe('nextHop', () => {
  it('answers for itself exactly the keys that it stores', () => {
    fc.assert(
      fc.property(ringArbitrary, ({ bits, peers, key }) => {
        const sorted = [...peers].sort((a, b) => a - b);
        sorted.forEach((self, index) => {
          const predecessor = sorted[(index - 1 + sorted.length) % sorted.length]!;
          const successor = sorted[(index + 1) % sorted.length]!;
          const answersItself = nextHop(self, predecessor, successor, [], key, bits) === self;
          expect(answersItself).toBe(responsiblePeer(key, peers, bits) === self);
        });
      }),
      { seed: SEED },
    );
  });

  it('forwards to a known peer not past the key, the successor when all are past it', () => {
    fc.assert(
      fc.property(ringArbitrary, fc.nat(), ({ bits, peers, key }, pick) => {
        const sorted = [...peers].sort((a, b) => a - b);
        const index = pick % sorted.length;
        const self = sorted[index]!;
        const predecessor = sorted[(index - 1 + sorted.length) % sorted.length]!;
        const successor = sorted[(index + 1) % sorted.length]!;
        const shortcuts = sorted.filter((peer, i) => peer !== self && i % 3 === pick % 3);
        const hop = nextHop(self, predecessor, successor, shortcuts, key, bits);
        if (hop === self) return;
        const toKey = clockwiseDistance(self, key, bits);
        const known = [successor, ...shortcuts];
        expect(known).toContain(hop);
        const notPast = known.filter((peer) => clockwiseDistance(self, peer, bits) <= toKey);
        if (notPast.length === 0) expect(hop).toBe(successor);
        else expect(clockwiseDistance(self, hop, bits)).toBe(Math.max(...notPast.map((peer) => clockwiseDistance(self, peer, bits))));
      }),
      { seed: SEED },
    );
  });
});
