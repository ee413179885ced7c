import type { FastifyPluginAsync } from 'fastify';

/** GET / sends a visitor where they can start; GET /healthz tells a supervisor the service can serve. */
const rootRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => reply.redirect(request.user ? '/exercises' : '/sign-in', 303));

  app.get('/healthz', async (_request, reply) => {
    // A query proves the database answers, not only that the process runs.
    await app.db.$queryRawUnsafe('SELECT 1');
    return reply.header('cache-control', 'no-store').send({ status: 'ok', exercises: app.exercises.all().length });
  });
};

export default rootRoutes;
