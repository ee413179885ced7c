/**
 * The rings and lookups of a `ring-simulation` suite, drawn from the suite's seed so that every
 * grading of every submission routes exactly the same lookups.
 *
 * Options (exercise.json): `rings` (how many, 1–100), `maxPeers` (largest ring, 1–1024), `seed` (an
 * integer), `lookupsPerRing` (1–1000, default 100). The first rings are fixed corner cases (a ring
 * of one peer, the largest ring with 32-bit ids, a ring with no shortcuts); the rest have random
 * sizes, id widths and shortcut styles.
 */
import { buildRing, type Ring, type ShortcutStyle } from '../../reference/dht/ring.js';
import type { SuiteConfig } from '../exercises/types.js';

export interface RingSimulationOptions {
  rings: number;
  maxPeers: number;
  seed: number;
  lookupsPerRing: number;
}

export interface PlannedLookup {
  start: number;
  key: number;
}

export interface PlannedRing {
  ring: Ring;
  style: ShortcutStyle;
  lookups: PlannedLookup[];
}

/** Rings without shortcuts make lookups walk peer by peer, one batch per hop: keep them small. */
const WALKING_RING_MAX_PEERS = 32;

/** Reads and checks the suite's options; throws naming the bad one. */
export function ringSimulationOptions(config: SuiteConfig): RingSimulationOptions {
  const integer = (name: string, min: number, max: number, fallback?: number): number => {
    const value = config[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`suite "ring-simulation": "${name}" must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  return {
    rings: integer('rings', 1, 100),
    maxPeers: integer('maxPeers', 1, 1024),
    seed: integer('seed', 0, 2 ** 32 - 1),
    lookupsPerRing: integer('lookupsPerRing', 1, 1000, 100),
  };
}

/** A small seeded generator (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function planRings(options: RingSimulationOptions): PlannedRing[] {
  const random = seededRandom(options.seed);
  const below = (n: number) => Math.floor(random() * n);
  const plans: PlannedRing[] = [];
  for (let index = 0; index < options.rings; index++) {
    let [peerCount, bits, style] = cornerCase(index, options.maxPeers) ?? [0, 0, 'fingers' as ShortcutStyle];
    if (peerCount === 0) {
      peerCount = 2 + below(options.maxPeers - 1);
      style = peerCount <= WALKING_RING_MAX_PEERS && below(3) === 0 ? 'none' : below(2) === 0 ? 'fingers' : 'random';
      // Enough bits for the ring to fit, sometimes barely (a crowded circle), up to 32.
      const fewest = Math.max(1, Math.ceil(Math.log2(peerCount)));
      bits = fewest + below(33 - fewest);
    }
    const ring = buildRing(distinctIds(Math.min(peerCount, 2 ** bits), bits, random), bits, style, random);
    plans.push({ ring, style, lookups: lookupsFor(ring, options.lookupsPerRing, random) });
  }
  return plans;
}

function cornerCase(index: number, maxPeers: number): [number, number, ShortcutStyle] | undefined {
  switch (index) {
    case 0:
      return [1, 5, 'fingers'];
    case 1:
      return [maxPeers, 32, 'fingers'];
    case 2:
      return [Math.min(maxPeers, 16), 6, 'none'];
    default:
      return undefined;
  }
}

function distinctIds(count: number, bits: number, random: () => number): number[] {
  const size = 2 ** bits;
  if (size <= 4 * count) {
    // A crowded circle: shuffle every id and keep the first `count`.
    const all = Array.from({ length: size }, (_, id) => id);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j]!, all[i]!];
    }
    return all.slice(0, count);
  }
  const ids = new Set<number>();
  while (ids.size < count) ids.add(Math.floor(random() * size));
  return [...ids];
}

/**
 * Lookups from random peers, for keys of every kind the contract singles out: random keys, keys equal
 * to a peer id, the start peer's own id, the key just after its predecessor (its first key), the key
 * just after itself (its successor's first), and the ends of the circle, 0 and 2^bits − 1.
 */
function lookupsFor(ring: Ring, count: number, random: () => number): PlannedLookup[] {
  const size = 2 ** ring.bits;
  const pick = () => ring.ids[Math.floor(random() * ring.ids.length)]!;
  const lookups: PlannedLookup[] = [];
  for (let i = 0; i < count; i++) {
    const start = pick();
    const view = ring.peers.get(start)!;
    const keys = [Math.floor(random() * size), pick(), start, (view.predecessor + 1) % size, (start + 1) % size, 0, size - 1];
    // Half the lookups use a random key, the other half cycle through the special ones.
    const key = i % 2 === 0 ? keys[0]! : keys[1 + ((i >> 1) % (keys.length - 1))]!;
    lookups.push({ start, key });
  }
  return lookups;
}
