/**
 * GET/POST /account/tokens and POST /account/tokens/:id/revoke: a user's personal API tokens.
 * A new token is shown once, in the answer to the POST that created it; the list shows names and
 * dates only. These are pages: an API token cannot create or revoke tokens.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { createApiToken, revokeApiToken, TOKEN_NAME_MAX_CHARS, type CreatedApiToken } from '../../api-tokens.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { textField } from '../../form-fields.js';

interface PageState {
  created?: CreatedApiToken;
  error?: ServiceError;
  name?: string;
}

const tokenRoutes: FastifyPluginAsync = async (app) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, state: PageState = {}) => {
    const tokens = await app.db.apiToken.findMany({
      where: { userId: request.user!.id },
      orderBy: [{ revokedAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'desc' }],
      select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    });
    if (state.error) reply.code(state.error.statusCode);
    return reply.page('account-tokens', {
      title: 'API tokens · netgrade',
      csrfToken: reply.generateCsrf(),
      tokens,
      created: state.created,
      error: state.error?.toJSON(),
      name: state.name ?? '',
    });
  };

  app.get('/account/tokens', { preHandler: app.requireUser }, async (request, reply) => page(request, reply));

  app.post('/account/tokens', { preHandler: [app.requireUser, app.csrfProtection] }, async (request, reply) => {
    // eslint-disable-next-line no-control-regex
    const name = textField(request.body, 'name').replace(/[\u0000-\u001f\u007f]/g, '').trim();
    if (name === '' || name.length > TOKEN_NAME_MAX_CHARS) return page(request, reply, { error: serviceError('NG_ERR_TOKEN_NAME_REQUIRED'), name });
    const created = await createApiToken(app.db, request.user!.id, name);
    request.log.info({ userId: request.user!.id, tokenId: created.id }, 'API token created');
    reply.code(201);
    return page(request, reply, { created });
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', { preHandler: [app.requireUser, app.csrfProtection] }, async (request, reply) => {
    // Another user's token answers like a missing one.
    if (!(await revokeApiToken(app.db, request.user!.id, request.params.id))) throw serviceError('NG_ERR_TOKEN_NOT_FOUND');
    request.log.info({ userId: request.user!.id, tokenId: request.params.id }, 'API token revoked');
    return reply.redirect('/account/tokens', 303);
  });
};

export default tokenRoutes;
