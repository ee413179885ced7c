/** The circular DHT reference: pure functions on peer ids, no I/O. */
export { responsiblePeer } from './responsible-peer.js';
export { nextHop } from './next-hop.js';
export { clockwiseDistance, inHalfOpenInterval, ringSize } from './ring-arithmetic.js';
export { buildRing, routeLookup, type PeerView, type Ring, type ShortcutStyle, type LookupRoute } from './ring.js';
