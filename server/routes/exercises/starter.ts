/**
 * `GET /exercises/:slug/starter`: the exercise's starter file as a download, under its own name,
 * for students who work in their own editor.
 */
import type { FastifyPluginAsync } from 'fastify';
import { serviceError } from '../../errors.js';

/** A filename for Content-Disposition (RFC 6266 §4.3): ASCII fallback plus the exact UTF-8 name (RFC 8187). */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const exerciseStarterRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { slug: string } }>('/exercises/:slug/starter', { preHandler: app.requireUser }, async (request, reply) => {
    const found = app.exercises.find(request.params.slug);
    if (!found) throw serviceError('NG_ERR_EXERCISE_NOT_FOUND', request.params.slug);
    const { starterFilename, starterSource } = found.exercise;
    return reply
      .header('content-disposition', attachmentDisposition(starterFilename))
      .header('cache-control', 'private, no-cache')
      .type('text/plain; charset=utf-8')
      .send(starterSource);
  });
};

export default exerciseStarterRoutes;
