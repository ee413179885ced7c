/**
 * `GET /submissions/:id/events`: the status of one's own submission as server-sent events
 * (HTML Living Standard §9.2), so the page of a pending submission can show its progress without
 * polling. Each change is a `status` event whose data is JSON:
 *
 *   { "status": "queued" | "grading" | "graded" | "failed", "ahead": 2, "done": false }
 *
 * `ahead` counts the submissions (anyone's) still queued or grading that were sent before this
 * one (server/queue-position.ts): the grader takes them first come, first served. The stream sends the current status at
 * once, then each change, and ends after the first event with `done: true`. Someone else's
 * submission gets the same 404 as a missing one.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';
import { submissionsAhead } from '../../queue-position.js';
import { isPending } from '../../result-view.js';
import { openEventStream } from '../../event-stream.js';

export interface StatusEvent {
  status: string;
  ahead: number;
  done: boolean;
}

/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/** The submission's current status, or undefined when it is not this user's. */
export async function statusEvent(app: FastifyInstance, submissionId: string, userId: string): Promise<StatusEvent | undefined> {
  const submission = await app.db.submission.findFirst({ where: { id: submissionId, userId }, select: { id: true, status: true, createdAt: true } });
  if (!submission) return undefined;
  if (!isPending(submission.status)) return { status: submission.status, ahead: 0, done: true };
  return { status: submission.status, ahead: await submissionsAhead(app.db, submission), done: false };
}

function sameEvent(a: StatusEvent | undefined, b: StatusEvent): boolean {
  return a !== undefined && a.status === b.status && a.ahead === b.ahead && a.done === b.done;
}

const submissionEventRoutes: FastifyPluginAsync = async (app) => {
  const openStreams = new Set<() => void>();
  // An open stream would keep the server from closing; end them all first.
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });

  app.get<{ Params: { id: string } }>('/submissions/:id/events', { preHandler: app.requireUser }, async (request, reply) => {
    const submissionId = request.params.id;
    const userId = request.user!.id;
    const first = await statusEvent(app, submissionId, userId);
    if (!first) throw serviceError('NG_ERR_SUBMISSION_NOT_FOUND');

    openEventStream(reply);

    let last: StatusEvent | undefined;
    let ended = false;
    let checking: Promise<void> = Promise.resolve();
    const send = (event: StatusEvent) => {
      if (ended || sameEvent(last, event)) return;
      last = event;
      reply.raw.write(`event: status\ndata: ${JSON.stringify(event)}\n\n`);
      if (event.done) end();
    };
    const heartbeat = setInterval(() => reply.raw.write(': still grading\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    // Any submission finishing can move this one up the queue, so every change is a reason to look again.
    const unsubscribe = app.grading.onStatusChange(() => {
      checking = checking
        .then(async () => {
          if (ended) return;
          const event = await statusEvent(app, submissionId, userId);
          if (event) send(event);
        })
        .catch((error: unknown) => request.log.warn({ err: error, submissionId }, 'the submission status could not be read'));
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
    // The response closes when the browser goes away (the request's own 'close' may come earlier).
    reply.raw.once('close', end);

    // Read again after subscribing, so a change between the first read and now is not missed.
    send(first);
    try {
      const current = await statusEvent(app, submissionId, userId);
      if (current) send(current);
    } catch (error) {
      // The reply is hijacked: no error page can follow. The browser reconnects after `retry`.
      request.log.warn({ err: error, submissionId }, 'the submission status could not be read');
      end();
    }
  });
};

export default submissionEventRoutes;
