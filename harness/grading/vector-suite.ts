import type { Exercise } from '../exercises/types.js';
import type { TestResult } from '../result-schema.js';
import type { Comparator } from './comparators.js';
import { judge, notRun, round } from './judge.js';
import type { SandboxSession } from './sandbox-session.js';

/** The conformance vectors of an exercise: each vector's input in, its answer compared outside. */
export async function gradeVectors(session: SandboxSession, exercise: Exercise, compare: Comparator): Promise<TestResult[]> {
  const outcomes = await session.runAll(exercise.vectors.map((vector) => vector.input));
  const unfinished = session.timeIsUp ? 'The submission used up its total time.' : 'The sandbox could not be restarted.';
  return exercise.vectors.map((vector, i) => {
    const outcome = outcomes[i];
    return outcome ? judge(vector, outcome, compare, round(outcome.elapsedMs ?? 0)) : notRun(vector, unfinished);
  });
}
