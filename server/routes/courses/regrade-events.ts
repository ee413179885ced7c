/**
 * `GET /courses/:courseSlug/regrades/:regradeId/events` (instructors): a regrade's progress as
 * server-sent events (HTML Living Standard §9.2), for the progress bar. Each change is a
 * `progress` event whose data is the JSON of `RegradeProgress`; the stream ends after the first
 * event with `ended: true`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { INSTRUCTOR_ROLES } from '../../plugins/course-access.js';
import { serviceError } from '../../errors.js';
import { regradeProgress, type RegradeProgress } from '../../regrades/regrade-progress.js';
import { openEventStream } from '../../event-stream.js';

const HEARTBEAT_MS = 15_000;

const regradeEventRoutes: FastifyPluginAsync = async (app) => {
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });

  app.get<{ Params: { courseSlug: string; regradeId: string } }>(
    '/courses/:courseSlug/regrades/:regradeId/events',
    { preHandler: [app.requireUser, app.requireCourseRole(INSTRUCTOR_ROLES)] },
    async (request, reply) => {
      const regradeId = request.params.regradeId;
      const regrade = await app.db.regrade.findFirst({ where: { id: regradeId, courseId: request.course!.id }, select: { id: true } });
      if (!regrade) throw serviceError('NG_ERR_REGRADE_NOT_FOUND');

      openEventStream(reply);

      let last = '';
      let ended = false;
      let checking: Promise<void> = Promise.resolve();
      const send = (progress: RegradeProgress) => {
        const data = JSON.stringify(progress);
        if (ended || data === last) return;
        last = data;
        reply.raw.write(`event: progress\ndata: ${data}\n\n`);
        if (progress.ended) end();
      };
      const look = () => {
        checking = checking
          .then(async () => {
            if (ended) return;
            const progress = await regradeProgress(app.db, regradeId);
            if (progress) send(progress);
          })
          .catch((error: unknown) => {
            request.log.warn({ err: error, regradeId }, 'the regrade progress could not be read');
            end();
          });
      };
      const heartbeat = setInterval(() => reply.raw.write(': still regrading\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const unsubscribe = app.regrades.onProgress((changed) => {
        if (changed === regradeId) look();
      });
      function end() {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        openStreams.delete(end);
        reply.raw.end();
      }
      openStreams.add(end);
      reply.raw.once('close', end);
      // Read after subscribing, so a change in between is not missed.
      look();
    },
  );
};

export default regradeEventRoutes;
