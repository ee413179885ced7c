import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { Exercise } from '../../harness/exercises/types.js';
import { gradeSubmission } from '../../harness/grading/grade-submission.js';
import { planRings, ringSimulationOptions } from '../../harness/grading/ring-simulation-plan.js';
import type { GradingResult, TestResult } from '../../harness/result-schema.js';
import { bundleModule } from '../../harness/validation/validate-exercise.js';
import { exerciseDir } from './exercise-vectors.js';

const SLUG = 'dht-successor';
const OPTIONS = { kind: 'ring-simulation', points: 10, rings: 10, maxPeers: 1024, seed: 227 };

let exercise: Exercise;
let referenceCode: string;
beforeAll(async () => {
  exercise = await loadExercise(exerciseDir(SLUG).replace(/\/$/, ''));
  referenceCode = await bundleModule(path.resolve(import.meta.dirname, '../../reference/dht/index.ts'));
});

const ringTests = (result: GradingResult): TestResult[] => result.tests.filter((test) => test.id.startsWith('ring-simulation-'));
const grade = (code: string, filename = 'submission.ts') => gradeSubmission(exercise, { language: filename.endsWith('.js') ? 'js' : 'ts', filename, code });

/** A correct responsiblePeer with the given nextHop body, as a student module. */
const withNextHop = (body: string) => `
export function responsiblePeer(key: number, peers: number[], bits: number): number {
  const sorted = [...peers].sort((a, b) => a - b);
  return sorted.find((peer) => peer >= key) ?? sorted[0]!;
}
export function nextHop(self: number, predecessor: number, successor: number, shortcuts: number[], key: number, bits: number): number {
  ${body}
}`;

/** The contract's nextHop, written out as a function body over the contract's parameter names. */
const referenceNextHopBody = `
  const size = 2 ** bits;
  const distance = (a: number, b: number) => (((b - a) % size) + size) % size;
  if (predecessor === self) return self;
  const fromPredecessor = distance(predecessor, key);
  if (fromPredecessor > 0 && fromPredecessor <= distance(predecessor, self)) return self;
  let best = successor;
  for (const peer of shortcuts) {
    if (distance(self, peer) <= distance(self, key) && distance(self, peer) > distance(self, best)) best = peer;
  }
  return best;`;

describe('planRings', () => {
  it('draws the same rings and lookups from the same seed, and others from another', () => {
    const options = ringSimulationOptions(OPTIONS);
    const shape = (seed: number) =>
      planRings({ ...options, seed }).map((plan) => ({ ids: plan.ring.ids, style: plan.style, lookups: plan.lookups, shortcuts: [...plan.ring.peers.values()].map((view) => view.shortcuts) }));
    expect(shape(227)).toEqual(shape(227));
    expect(shape(228)).not.toEqual(shape(227));
  });

  it('starts with a ring of one peer, a 1,024-peer ring of 32-bit ids and a ring without shortcuts', () => {
    const plans = planRings(ringSimulationOptions(OPTIONS));
    expect(plans).toHaveLength(10);
    expect(plans[0]!.ring.ids).toHaveLength(1);
    expect(plans[1]!.ring.ids).toHaveLength(1024);
    expect(plans[1]!.ring.bits).toBe(32);
    expect(plans[2]!.style).toBe('none');
    for (const plan of plans) {
      expect(plan.ring.ids.length).toBeLessThanOrEqual(1024);
      expect(plan.lookups).toHaveLength(100);
      for (const { start, key } of plan.lookups) {
        expect(plan.ring.peers.has(start)).toBe(true);
        expect(key).toBeGreaterThanOrEqual(0);
        expect(key).toBeLessThan(2 ** plan.ring.bits);
      }
    }
  });

  it('refuses options out of range', () => {
    expect(() => ringSimulationOptions({ ...OPTIONS, maxPeers: 2048 })).toThrow(/"maxPeers"/);
    expect(() => ringSimulationOptions({ kind: 'ring-simulation', points: 10, rings: 3, maxPeers: 8 })).toThrow(/"seed"/);
    expect(() => ringSimulationOptions({ ...OPTIONS, rings: 0 })).toThrow(/"rings"/);
  });
});

describe('the ring-simulation suite', () => {
  it('gives the reference every ring’s points, ten in all, and full marks', async () => {
    const result = await grade(referenceCode, 'index.js');
    const rings = ringTests(result);
    expect(rings).toHaveLength(10);
    expect(rings.map((test) => test.status)).toEqual(Array(10).fill('passed'));
    expect(rings.reduce((sum, test) => sum + test.maxPoints, 0)).toBeCloseTo(10, 9);
    expect(result.score).toBe(result.maxScore);
  });

  it('fails rings where lookups take more hops than the reference, showing the call that went wrong', async () => {
    const walker = withNextHop(`
      const size = 2 ** bits;
      const inside = (((key - predecessor) % size) + size) % size, width = (((self - predecessor) % size) + size) % size;
      return predecessor === self || (inside > 0 && inside <= width) ? self : successor;`);
    const rings = ringTests(await grade(walker));
    // A ring of one peer and a ring without shortcuts route alike whatever the shortcuts are.
    expect(rings[0]!.status).toBe('passed');
    expect(rings[2]!.status).toBe('passed');
    const failed = rings.filter((test) => test.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(7);
    const first = failed[0]!;
    expect(first.points).toBe(0);
    expect(first.message).toMatch(/^The lookup for key \d+ from peer \d+ was still being forwarded after \d+ hops; the reference ends at peer \d+ in \d+\.$/);
    expect(first.input).toMatch(/^Ring of \d+ peers, bits = \d+; lookup for key \d+ starting at peer \d+\.\nFirst call that went wrong: nextHop\(/);
    expect(first.expected).toMatch(/\) returns \d+\.\nRoute: \d+( → \d+)* \(\d+ hops?\)$/);
    expect(first.actual).toMatch(/^Route: \d+( → \d+)+ → …$/);
    // The call shown is the one where the routes part: both start there, and the reference goes elsewhere.
    const call = /First call that went wrong: (nextHop\(.*\))$/.exec(first.input!)![1]!;
    const referenceNext = new RegExp(`^${call.replace(/[()[\]]/g, '\\$&')} returns (\\d+)\\.`).exec(first.expected!)![1]!;
    const callAt = call.slice('nextHop('.length).split(',')[0]!;
    const walked = first.actual!.slice('Route: '.length).split(' → ');
    expect(walked[walked.indexOf(callAt) + 1]).not.toBe(referenceNext);
  });

  it('fails a lookup that ends at a peer that is not responsible', async () => {
    const rings = ringTests(await grade(withNextHop('return self;')));
    const failed = rings.filter((test) => test.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(9);
    expect(failed[0]!.message).toMatch(/ended at peer \d+, but peer \d+ is responsible for the key\.$/);
  });

  it('fails a lookup forwarded to something that is not a peer', async () => {
    const rings = ringTests(await grade(withNextHop('return predecessor === self ? self : key + 0.5;')));
    expect(rings[0]!.status).toBe('passed');
    expect(rings.slice(1).every((test) => test.status === 'failed')).toBe(true);
    expect(rings[1]!.message).toMatch(/where nextHop returned [\d.]+, which is not a peer of the ring\.$/);
  });

  it('stops a ring at its first endless call, so a ring whose nextHop loops costs one time limit', async () => {
    // Only the simulation, so that no vector spends the submission's time on the loop first.
    const simulationOnly: Exercise = { ...exercise, suites: [exercise.suites[1]!], maxScore: 10 };
    const body = 'if (bits === 32) for (;;) {}\n' + referenceNextHopBody;
    const result = await gradeSubmission(simulationOnly, { language: 'ts', filename: 'submission.ts', code: withNextHop(body) });
    const rings = ringTests(result);
    const plans = planRings(ringSimulationOptions(exercise.suites[1]!));
    const wide = plans.map((plan, index) => (plan.ring.bits === 32 ? index : -1)).filter((index) => index >= 0);
    expect(wide.length).toBeGreaterThanOrEqual(1);
    rings.forEach((test, index) => expect(test.status, test.name).toBe(wide.includes(index) ? 'time-limit' : 'passed'));
    expect(rings[wide[0]!]!.message).toBe('nextHop did not return within the time limit (an infinite loop?).');
    // A hundred looping lookups per ring would take minutes; one per ring takes about a second each.
    expect(result.durationMs).toBeLessThan(1500 * wide.length + 1000);
  });

  it('catches every mutant whose mistake is in nextHop', async () => {
    const nextHopMutants = [
      'distance-without-modulo.ts',
      'first-shortcut-not-past.ts',
      'ignores-successor.ts',
      'interval-closed-at-predecessor.ts',
      'interval-open-at-self.ts',
      'negative-remainder.ts',
      'overshoots-key.ts',
      'picks-closest-shortcut.ts',
      'shift-for-ring-size.ts',
      'strict-not-past.ts',
    ];
    for (const file of nextHopMutants) {
      const rings = ringTests(await grade(readFileSync(`${exerciseDir(SLUG)}mutants/${file}`, 'utf8'), file));
      expect(rings.some((test) => test.status !== 'passed'), file).toBe(true);
    }
  });
});
