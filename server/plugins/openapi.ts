/**
 * The API's OpenAPI 3 description, built by @fastify/swagger from the route schemas (which also
 * validate the requests), served at /api/openapi.json and browsable at /api/docs. Only `/api/`
 * routes are described: the pages are for browsers, not for clients generated from a spec.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** `{ code, message }`: every error answer of the API (server/errors.ts). */
export const SERVICE_ERROR_SCHEMA = {
  $id: 'ServiceError',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'A stable NG_ERR_… code from the error catalogue.', examples: ['NG_ERR_SIGN_IN_REQUIRED'] },
    message: { type: 'string', description: 'The sentence a person reads.' },
  },
} as const;

/** Error answers a route may give, referencing the shared schema. */
export function errorResponses(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: 'ServiceError#' }]));
}

export interface OpenApiPluginOptions {
  version: string;
}

const openApiPlugin: FastifyPluginAsync<OpenApiPluginOptions> = async (app, { version }) => {
  app.addSchema(SERVICE_ERROR_SCHEMA);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'netgrade API',
        version,
        description:
          'Exercises, submissions and results for scripts and the `netgrade submit` command. Authenticate with ' +
          '`Authorization: Bearer <token>` (create a token under Account › API tokens), or with the session cookie ' +
          'of a signed-in browser, in which case requests that change something also need the `x-csrf-token` header.',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (`ngt_…`).' },
          session: { type: 'apiKey', in: 'cookie', name: 'netgrade_session' },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') && !url.startsWith('/api/docs') ? schema : { ...schema, hide: true }, url }),
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // helmet's policy, minus upgrade-insecure-requests, which would break the page on plain HTTP
    // (see external.ts); the browser's scripts and styles are all served from /api/docs/static.
    staticCSP: "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'",
    uiConfig: { docExpansion: 'list', deepLinking: false, validatorUrl: null },
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};

export default fp(openApiPlugin, { name: 'openapi', fastify: '5.x' });
