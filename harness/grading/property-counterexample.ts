/**
 * Finding and shrinking the counterexample of one property: the inputs come from fast-check in
 * the host, only they enter the sandbox, and the answers are judged here against the reference's.
 */
import fc from 'fast-check';
import type { CallOutcome } from '../sandbox/submission-sandbox.js';
import type { PropertyDefinition } from './property-definition.js';
import type { SandboxSession } from './sandbox-session.js';

/** How a property is run: fast-check's seed and runs, and the shrinking budget. */
export interface PropertyRunSettings {
  seed: number;
  runs: number;
  /** Most calls into the student's code while shrinking one counterexample. */
  shrinkCalls: number;
}

/** Candidates that ran into a time or memory limit while shrinking, after which it stops. Counted,
 *  not timed, so that the same code and seed always shrink to the same counterexample. */
const SHRINK_LIMIT_HITS = 3;

export interface GeneratedCases {
  inputs: unknown[];
  /** The reference's answer for each input. */
  expected: unknown[];
}

/** Generated cases by module file, property, seed and runs: the same for every submission, so a
 *  grading worker computes them once. */
const generatedCache = new Map<string, GeneratedCases>();
const GENERATED_CACHE_MAX = 256;

/** The inputs fast-check generates for the property's runs from the seed, in run order. */
export function generatedCases(definition: PropertyDefinition, moduleFile: string, settings: PropertyRunSettings): GeneratedCases {
  const key = `${moduleFile}#${definition.id}#${settings.seed}#${settings.runs}`;
  const cached = generatedCache.get(key);
  if (cached) return cached;
  const inputs: unknown[] = [];
  fc.check(
    fc.property(definition.inputs, (input) => {
      inputs.push(input);
      return true;
    }),
    { seed: settings.seed, numRuns: settings.runs },
  );
  const cases = { inputs, expected: inputs.map((input) => definition.expected(input)) };
  if (generatedCache.size >= GENERATED_CACHE_MAX) generatedCache.clear();
  generatedCache.set(key, cases);
  return cases;
}

/** Identical inputs get identical answers from a correct submission, so each is run once. */
export function inputKey(input: unknown): string {
  return typeof input === 'string' ? `s${input}` : `j${JSON.stringify(input)}`;
}

const FIRST_BATCH = 4;

export interface FirstDisagreement {
  /** The outcome of every input that ran, by inputKey. */
  known: Map<string, CallOutcome>;
  /** Index of the first run whose answer disagrees; -1 when none does. */
  failing: number;
  /** False when the sandbox stopped (time up, or it could not restart) before every input ran. */
  complete: boolean;
}

/**
 * Runs the distinct inputs in run order, in batches that grow fourfold, and stops after the batch
 * that holds the first disagreement: a correct submission costs a few batches, and one that hangs
 * on every input costs a few time limits rather than one per run.
 */
export async function runUntilDisagreement(
  session: SandboxSession,
  inputs: unknown[],
  disagreesAt: (index: number, outcome: CallOutcome) => boolean,
): Promise<FirstDisagreement> {
  const known = new Map<string, CallOutcome>();
  const firstOccurrences: number[] = [];
  const keys = new Set<string>();
  inputs.forEach((input, index) => {
    const key = inputKey(input);
    if (keys.has(key)) return;
    keys.add(key);
    firstOccurrences.push(index);
  });
  let size = FIRST_BATCH;
  for (let start = 0; start < firstOccurrences.length; start += size, size *= 4) {
    const batch = firstOccurrences.slice(start, start + size);
    const outcomes = await session.runAll(batch.map((index) => inputs[index]));
    outcomes.forEach((outcome, i) => known.set(inputKey(inputs[batch[i]!]), outcome));
    // Batches follow the order of first occurrence, so the first disagreement found is the first run that disagrees.
    const failing = outcomes.findIndex((outcome, i) => disagreesAt(batch[i]!, outcome));
    if (failing !== -1) return { known, failing: batch[failing]!, complete: true };
    if (outcomes.length < batch.length) return { known, failing: -1, complete: false };
  }
  return { known, failing: -1, complete: true };
}

export interface Counterexample {
  input: unknown;
  outcome: CallOutcome;
  /** fast-check's replay path: the run's index, then the index of each shrinking step taken. */
  path: string;
  /** Calls into the student's code spent shrinking. */
  calls: number;
}

/**
 * Replays the failing run with fast-check (its `path` jumps straight to it) and lets fast-check
 * shrink it, asking the student's code about each candidate it has not answered yet. Once the
 * budget is spent every new candidate counts as agreeing, which ends the shrinking at the
 * smallest disagreement found so far.
 */
export async function shrinkCounterexample(
  definition: PropertyDefinition,
  session: SandboxSession,
  settings: PropertyRunSettings,
  failing: number,
  known: Map<string, CallOutcome>,
  disagrees: (input: unknown, outcome: CallOutcome) => boolean,
  found: { input: unknown; outcome: CallOutcome },
): Promise<Counterexample> {
  let calls = 0;
  let limitHits = 0;
  let smallest = found;
  const details = await fc.check(
    fc.asyncProperty(definition.inputs, async (input) => {
      const key = inputKey(input);
      let outcome = known.get(key);
      if (!outcome) {
        if (calls >= settings.shrinkCalls || limitHits >= SHRINK_LIMIT_HITS || session.timeIsUp) return true;
        calls += 1;
        [outcome] = await session.runAll([input]);
        if (!outcome) return true;
        if (outcome.kind === 'time-limit' || outcome.kind === 'memory-limit') limitHits += 1;
        known.set(key, outcome);
      }
      if (!disagrees(input, outcome)) return true;
      smallest = { input, outcome };
      return false;
    }),
    { seed: settings.seed, numRuns: settings.runs, path: String(failing) },
  );
  // A submission whose answer changes from call to call may agree on the replay: report the original.
  if (!details.failed) return { ...found, path: String(failing), calls };
  return { ...smallest, path: details.counterexamplePath ?? String(failing), calls };
}
