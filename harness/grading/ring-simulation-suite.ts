/**
 * The `ring-simulation` suite: routes lookups hop by hop through simulated rings using the
 * submitted `nextHop` (spec §5: every lookup must end at the responsible peer in the same number of
 * hops as the reference; a lookup that starts at the responsible peer takes none).
 *
 * The host owns the rings (drawn from the suite's seed, see ring-simulation-plan.ts) and drives
 * every lookup; the isolate only answers single nextHop calls. All unfinished lookups of all rings
 * advance one hop per round of two batches, so thousands of hops cost a few dozen calls into the
 * sandbox. A lookup stops as soon as it can no longer match the reference:
 * it answered at the wrong peer, forwarded to something that is not a peer, or took one hop more
 * than the reference (which also ends every loop). Each ring is one test, worth its share of the
 * suite's points, and shows its first failing lookup: the call that went wrong and both routes.
 */
import { nextHop as referenceNextHop } from '../../reference/dht/next-hop.js';
import { responsiblePeer } from '../../reference/dht/responsible-peer.js';
import { routeLookup, type LookupRoute, type Ring } from '../../reference/dht/ring.js';
import type { TestResult, TestStatus } from '../result-schema.js';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import { capText } from './feedback-text.js';
import { round } from './judge.js';
import { planRings, ringSimulationOptions, type PlannedLookup, type PlannedRing } from './ring-simulation-plan.js';
import type { SuiteContext } from './suites.js';

const RULE = 'Circular DHT; Chord §4';

interface Lookup extends PlannedLookup {
  ringIndex: number;
  reference: LookupRoute;
  /** Peers visited so far, starting with `start`. */
  route: number[];
  finished: boolean;
  failure?: LookupFailure;
}

interface LookupFailure {
  status: TestStatus;
  message: string;
  /** Whether the lookup was still being forwarded when it was stopped. */
  cutShort: boolean;
}

interface Simulation {
  plans: PlannedRing[];
  /** The reference's route of every lookup, ring by ring, in plan order. */
  references: LookupRoute[][];
}

/** Rings and reference routes depend only on the options, and a grading worker grades the same
 *  exercise again and again: they are built once per options (about 100 ms for 1,024-peer rings). */
const simulations = new Map<string, Simulation>();
const SIMULATIONS_KEPT = 8;

function simulationFor(options: SuiteContext['options']): Simulation {
  const parsed = ringSimulationOptions(options);
  const key = JSON.stringify(parsed);
  let simulation = simulations.get(key);
  if (!simulation) {
    const plans = planRings(parsed);
    simulation = { plans, references: plans.map((plan) => plan.lookups.map((lookup) => routeLookup(plan.ring, lookup.start, lookup.key))) };
    if (simulations.size >= SIMULATIONS_KEPT) simulations.delete(simulations.keys().next().value!);
    simulations.set(key, simulation);
  }
  return simulation;
}

export async function gradeRingSimulation({ session, exercise, options }: SuiteContext): Promise<TestResult[]> {
  const { plans, references } = simulationFor(options);
  const suiteIndex = exercise.suites.indexOf(options);
  const lookups: Lookup[] = plans.flatMap((plan, ringIndex) =>
    plan.lookups.map((lookup, i) => ({ ...lookup, ringIndex, reference: references[ringIndex]![i]!, route: [lookup.start], finished: false })),
  );
  const elapsedMs = plans.map(() => 0);
  let stoppedEarly = false;

  // Each round first sends one lookup per ring, then the rest of the rings that took it without
  // failing. A nextHop that never returns costs the batch its time limit once per call, so a ring
  // whose every call loops costs one time limit, not a hundred.
  let pending = lookups;
  while (pending.length > 0) {
    const leaders = plans.map((_, ringIndex) => pending.find((lookup) => lookup.ringIndex === ringIndex)).filter((lookup) => lookup !== undefined);
    const followers = () => pending.filter((lookup) => !lookup.finished && !leaders.includes(lookup));
    if (!(await runRound(leaders)) || !(await runRound(followers()))) {
      stoppedEarly = true;
      break;
    }
    pending = pending.filter((lookup) => !lookup.finished);
  }

  /** Advances every lookup of `round` by one hop; false when the sandbox stopped before the end. */
  async function runRound(round: Lookup[]): Promise<boolean> {
    if (round.length === 0) return true;
    const outcomes = await session.runAll(round.map((lookup) => ['nextHop', ...argumentsAt(plans[lookup.ringIndex]!.ring, lookup)]));
    outcomes.forEach((outcome, i) => {
      const lookup = round[i]!;
      elapsedMs[lookup.ringIndex]! += outcome.elapsedMs ?? 0;
      if (lookup.finished) return;
      advance(lookup, plans[lookup.ringIndex]!.ring, outcome);
      // One failing lookup fails its ring: the ring's other lookups stop here.
      if (lookup.failure) for (const other of lookups) if (other.ringIndex === lookup.ringIndex) other.finished = true;
    });
    return outcomes.length === round.length;
  }

  const points = options.points ?? 0;
  const share = (index: number) => round2(round2((points * (index + 1)) / plans.length) - round2((points * index) / plans.length));
  return plans.map((plan, index) => {
    const ringLookups = lookups.filter((lookup) => lookup.ringIndex === index);
    const common = {
      id: `ring-simulation-${index + 1}`,
      name: `Lookups through a ring of ${plural(plan.ring.ids.length, 'peer')} (bits = ${plan.ring.bits}, ${describeStyle(plan)})`,
      source: `exercise.json:suites[${suiteIndex}]`,
      visibility: 'public' as const,
      maxPoints: share(index),
      rfc: RULE,
      durationMs: round(elapsedMs[index]!),
    };
    const failed = ringLookups.find((lookup) => lookup.failure);
    if (failed) return { ...common, ...evidence(plan.ring, failed), status: failed.failure!.status, points: 0, message: failed.failure!.message };
    if (ringLookups.some((lookup) => !lookup.finished)) {
      const why = stoppedEarly && session.timeIsUp ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
      return { ...common, status: 'not-run' as const, points: 0, message: why };
    }
    return { ...common, status: 'passed' as const, points: share(index) };
  });
}

/** The arguments of nextHop at the lookup's current peer. */
function argumentsAt(ring: Ring, lookup: Lookup): [number, number, number, number[], number, number] {
  const view = ring.peers.get(lookup.route.at(-1)!)!;
  return [view.self, view.predecessor, view.successor, view.shortcuts, lookup.key, ring.bits];
}

/** Applies one answer of the submitted nextHop to a lookup: finish it, fail it, or move it on. */
function advance(lookup: Lookup, ring: Ring, outcome: CallOutcome): void {
  const fail = (status: TestStatus, message: string, cutShort = false) => {
    lookup.finished = true;
    lookup.failure = { status, message, cutShort };
  };
  if (outcome.kind !== 'returned') return fail(...outcomeFailure(outcome));
  const answer = outcome.json === undefined ? undefined : (JSON.parse(outcome.json) as unknown);
  const at = lookup.route.at(-1)!;
  const lookupText = `The lookup for key ${lookup.key} from peer ${lookup.start}`;
  if (typeof answer !== 'number' || !ring.peers.has(answer)) {
    return fail('failed', `${lookupText} reached peer ${at}, where nextHop returned ${JSON.stringify(answer) ?? 'undefined'}, which is not a peer of the ring.`);
  }
  if (answer === at) {
    lookup.finished = true;
    const responsible = responsiblePeer(lookup.key, ring.ids, ring.bits);
    const hops = lookup.route.length - 1;
    if (at !== responsible) return fail('failed', `${lookupText} ended at peer ${at}, but peer ${responsible} is responsible for the key.`);
    if (hops !== lookup.reference.hops) {
      return fail('failed', `${lookupText} ended at the right peer in ${plural(hops, 'hop')}; the reference takes ${lookup.reference.hops}.`);
    }
    return;
  }
  lookup.route.push(answer);
  if (lookup.route.length - 1 > lookup.reference.hops) {
    fail('failed', `${lookupText} was still being forwarded after ${lookup.route.length - 1} hops; the reference ends at peer ${lookup.reference.peers.at(-1)} in ${lookup.reference.hops}.`, true);
  }
}

function outcomeFailure(outcome: Exclude<CallOutcome, { kind: 'returned' }>): [TestStatus, string] {
  switch (outcome.kind) {
    case 'threw':
      return ['runtime-error', `nextHop threw ${outcome.error}`];
    case 'not-serializable':
      return ['runtime-error', `nextHop returned a value that cannot be read as an answer (${outcome.error}).`];
    case 'result-too-large':
      return ['output-limit', `nextHop returned an answer of ${outcome.bytes} characters, over the limit.`];
    case 'time-limit':
      return ['time-limit', 'nextHop did not return within the time limit (an infinite loop?).'];
    case 'memory-limit':
      return ['memory-limit', 'nextHop ran out of memory.'];
  }
}

/**
 * What a student needs to reproduce a failing lookup: the first call where the submitted route left
 * the reference's (or the failing call itself), what the reference answers there, and both routes.
 */
function evidence(ring: Ring, lookup: Lookup): Pick<TestResult, 'input' | 'expected' | 'actual'> {
  const { route, reference, failure } = lookup;
  let shared = 1;
  while (shared < route.length && shared < reference.peers.length && route[shared] === reference.peers[shared]) shared++;
  // route[shared − 1] is the last peer both routes visit: the call made there went wrong, whether
  // the routes part after it or the submission failed on it (threw, looped, answered wrongly).
  const view = ring.peers.get(route[shared - 1]!)!;
  const args = [view.self, view.predecessor, view.successor, view.shortcuts, lookup.key, ring.bits] as const;
  const call = `nextHop(${args.map((argument) => (Array.isArray(argument) ? `[${argument.join(', ')}]` : String(argument))).join(', ')})`;
  return {
    input: capText(`Ring of ${plural(ring.ids.length, 'peer')}, bits = ${ring.bits}; lookup for key ${lookup.key} starting at peer ${lookup.start}.\nFirst call that went wrong: ${call}`),
    expected: capText(`${call} returns ${referenceNextHop(...args)}.\nRoute: ${reference.peers.join(' → ')} (${plural(reference.hops, 'hop')})`),
    actual: capText(`Route: ${route.join(' → ')}${failure!.cutShort ? ' → …' : ''}`),
  };
}

function describeStyle(plan: PlannedRing): string {
  return { none: 'successor only', fingers: 'finger-table shortcuts', random: 'random shortcuts' }[plan.style];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
