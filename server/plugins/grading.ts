import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { GradingPool } from '../../harness/pool/grading-pool.js';
import { GradingQueue, type Grader } from '../grading-queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    grading: GradingQueue;
    /** What grades a job: the worker pool (or its stand-in). Regrades use it directly; new submissions go through `grading`. */
    grader: Grader;
  }
}

export interface GradingPluginOptions {
  exercisesDir: string;
  workers: number;
  /** Replaces the worker pool (tests). The queue closes it with the app either way. */
  grader?: Grader;
}

const gradingPlugin: FastifyPluginAsync<GradingPluginOptions> = async (app, options) => {
  const pool = options.grader ? undefined : new GradingPool({ exercisesDir: options.exercisesDir, workers: options.workers });
  const grader = app.metrics.measure(options.grader ?? pool!, pool && (() => pool.restarts));
  const queue = new GradingQueue(app.db, grader, app.log.child({ plugin: 'grading' }));
  app.decorate('grading', queue);
  app.decorate('grader', grader);
  app.addHook('onClose', async () => {
    await queue.close();
  });
  const resumed = await queue.resumeUnfinished();
  if (resumed > 0) app.log.info({ resumed }, 'grading submissions left unfinished by the previous run');
};

export default fp(gradingPlugin, { name: 'grading', fastify: '5.x', dependencies: ['db', 'exercises', 'metrics'] });
