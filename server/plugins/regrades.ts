import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { RegradeRunner } from '../regrades/regrade-runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Grades regrades' items through `app.grader`, resuming those a previous run left unfinished. */
    regrades: RegradeRunner;
  }
}

export interface RegradesPluginOptions {
  /** Items graded at once: the grader's workers. */
  workers: number;
}

const regradesPlugin: FastifyPluginAsync<RegradesPluginOptions> = async (app, { workers }) => {
  const runner = new RegradeRunner(app.db, app.grader, workers, app.log.child({ plugin: 'regrades' }));
  app.decorate('regrades', runner);
  // preClose runs before every onClose hook, so the runner stops before the grader is closed.
  app.addHook('preClose', async () => runner.close());
  app.addHook('onReady', async () => {
    const resumed = await runner.resumeUnfinished();
    if (resumed > 0) app.log.info({ resumed }, 'regrades left unfinished by the previous run');
  });
};

export default fp(regradesPlugin, { name: 'regrades', fastify: '5.x', dependencies: ['db', 'grading'] });
