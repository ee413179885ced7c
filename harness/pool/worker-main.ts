/**
 * A grading worker process. It loads the exercise catalog once, then grades the jobs its parent
 * sends over IPC, one at a time. Student code runs in isolates inside this process, never in the
 * web server's: V8 may abort the whole process on some out-of-memory paths, and the parent's
 * supervisor then gives the job a verdict and starts a new worker.
 */
import { loadExerciseCatalog } from '../exercises/catalog.js';
import type { Exercise } from '../exercises/types.js';
import { gradeSubmission } from '../grading/grade-submission.js';
import type { FromWorker, ToWorker } from './protocol.js';

const exercisesDir = process.env.NETGRADE_EXERCISES_DIR;
if (!exercisesDir || !process.send) {
  console.error('worker-main is started by the grading pool (IPC channel and NETGRADE_EXERCISES_DIR required)');
  process.exit(2);
}

const send = (message: FromWorker) => process.send!(message);
const catalog = new Map<string, Exercise>((await loadExerciseCatalog(exercisesDir)).map((exercise) => [exercise.slug, exercise]));

process.on('message', (message: ToWorker) => {
  if (message.type !== 'grade') return;
  void handle(message);
});
process.on('disconnect', () => process.exit(0));
// Ctrl+C in a terminal signals the whole process group. The parent decides when grading stops;
// a worker ends when its IPC channel closes, so a job in flight is not mistaken for a crash.
process.on('SIGINT', () => {});

async function handle({ jobId, job }: Extract<ToWorker, { type: 'grade' }>): Promise<void> {
  const exercise = catalog.get(job.exerciseSlug);
  if (!exercise) {
    send({ type: 'job-error', jobId, message: `unknown exercise "${job.exerciseSlug}"` });
    return;
  }
  try {
    const result = await gradeSubmission(exercise, job);
    send({ type: 'result', jobId, result });
  } catch (error) {
    send({ type: 'job-error', jobId, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

send({
  type: 'ready',
  exercises: [...catalog.values()].map((exercise) => ({ slug: exercise.slug, contentHash: exercise.contentHash, maxScore: exercise.maxScore })),
});
