import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { GradingPool } from '../../harness/pool/grading-pool.js';
import { RedisGrader } from '../distributed/redis-grader.js';
import { GradingQueue, type Grader } from '../grading-queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    grading: GradingQueue;
    /** What grades a job: the worker pool, Redis and its workers, or a stand-in. Regrades use it directly; new submissions go through `grading`. */
    grader: Grader;
  }
}

export interface GradingPluginOptions {
  exercisesDir: string;
  workers: number;
  /** REDIS_URL: grade through BullMQ jobs taken by `netgrade worker` processes instead of a local pool. */
  redisUrl?: string | undefined;
  /** Replaces the worker pool (tests). The queue closes it with the app either way. */
  grader?: Grader;
}

const gradingPlugin: FastifyPluginAsync<GradingPluginOptions> = async (app, options) => {
  let pool: GradingPool | undefined;
  let base: Grader;
  if (options.grader) {
    base = options.grader;
  } else if (options.redisUrl) {
    const redisGrader = new RedisGrader(options.redisUrl);
    await redisGrader.ready();
    app.metrics.countQueueWith(() => redisGrader.depth());
    app.log.info('grading through Redis: submissions are graded by `netgrade worker` processes');
    base = redisGrader;
  } else {
    pool = new GradingPool({ exercisesDir: options.exercisesDir, workers: options.workers });
    base = pool;
  }
  const grader = app.metrics.measure(base, pool && (() => pool.restarts));
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
