/**
 * A consistent ring of peers, as the simulation and the test generators need it: for every peer,
 * what that peer knows (its predecessor, its successor and its shortcuts), and a lookup routed
 * through them one hop at a time (course material, "Circular DHT"; Chord §4.2–§4.3).
 */
import { nextHop } from './next-hop.js';
import { ringSize } from './ring-arithmetic.js';

/** What one peer knows about the ring: exactly the arguments nextHop gets besides the key. */
export interface PeerView {
  self: number;
  predecessor: number;
  successor: number;
  shortcuts: number[];
}

export interface Ring {
  bits: number;
  /** Every peer id, ascending. */
  ids: number[];
  peers: Map<number, PeerView>;
}

/**
 * How shortcuts are chosen: `none` (successor only, so a lookup walks the ring), `fingers` (Chord's
 * finger table: the peer responsible for self + 2^i, for i = 0 … bits − 1, so the first shortcut is
 * the successor again), or `random` (a few other peers picked with `random`).
 */
export type ShortcutStyle = 'none' | 'fingers' | 'random';

/** The route of one lookup: every peer it visits, from the start to the peer that answers. */
export interface LookupRoute {
  peers: number[];
  /** Forwarding steps: peers.length − 1. */
  hops: number;
}

/** Builds the ring of `peerIds` (distinct, in range, any order). `random` returns numbers in [0, 1). */
export function buildRing(peerIds: readonly number[], bits: number, style: ShortcutStyle, random: () => number = Math.random): Ring {
  const size = ringSize(bits);
  const ids = [...peerIds].sort((a, b) => a - b);
  if (ids.length === 0) throw new RangeError('a ring needs at least one peer');
  ids.forEach((id, index) => {
    if (!Number.isInteger(id) || id < 0 || id >= size) throw new RangeError(`peer id ${id} is not in [0, 2^${bits})`);
    if (index > 0 && ids[index - 1] === id) throw new RangeError(`peer id ${id} appears twice`);
  });

  const peers = new Map<number, PeerView>();
  ids.forEach((self, index) => {
    const predecessor = ids[(index - 1 + ids.length) % ids.length]!;
    const successor = ids[(index + 1) % ids.length]!;
    peers.set(self, { self, predecessor, successor, shortcuts: shortcutsOf(self, ids, bits, style, random) });
  });
  return { bits, ids, peers };
}

function shortcutsOf(self: number, ids: readonly number[], bits: number, style: ShortcutStyle, random: () => number): number[] {
  const others = ids.filter((id) => id !== self);
  if (style === 'none' || others.length === 0) return [];
  if (style === 'fingers') {
    const fingers = new Set<number>();
    for (let i = 0; i < bits; i++) {
      const finger = successorOf((self + 2 ** i) % ringSize(bits), ids);
      if (finger !== self) fingers.add(finger);
    }
    return [...fingers];
  }
  // About twice log2(N) shortcuts, as many as a finger table holds distinct entries.
  const count = Math.min(others.length, Math.floor(random() * 2 * Math.log2(ids.length + 1)) + 1);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(others[Math.floor(random() * others.length)]!);
  return [...picked];
}

/** The smallest id >= point, wrapping to the smallest id; `ids` ascending. A binary search, since
 *  finger tables of large rings ask this bits × N times. */
function successorOf(point: number, ids: readonly number[]): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ids[middle]! < point) low = middle + 1;
    else high = middle;
  }
  return ids[low % ids.length]!;
}

/**
 * Routes a lookup for `key` from peer `start` with the reference nextHop. A correct route visits
 * each peer at most once, so it takes fewer hops than there are peers; a longer one is an error.
 */
export function routeLookup(ring: Ring, start: number, key: number): LookupRoute {
  const route = [start];
  let at = ring.peers.get(start);
  if (!at) throw new RangeError(`${start} is not a peer of the ring`);
  for (;;) {
    const next = nextHop(at.self, at.predecessor, at.successor, at.shortcuts, key, ring.bits);
    if (next === at.self) return { peers: route, hops: route.length - 1 };
    route.push(next);
    if (route.length > ring.ids.length) throw new Error(`lookup for ${key} from ${start} did not end within ${ring.ids.length} hops`);
    at = ring.peers.get(next);
    if (!at) throw new Error(`lookup for ${key} from ${start} reached ${next}, which is not a peer`);
  }
}
