import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { serviceError } from '../errors.js';
import { ServiceMetrics, type MetricsSources } from '../metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
}

/**
 * Decorates the app with its metrics and serves them at GET /metrics in Prometheus' text format,
 * to loopback clients only: a scraper runs beside the service or reaches it through a proxy that
 * decides who may look.
 */
const metricsPlugin: FastifyPluginAsync<{ sources: MetricsSources }> = async (app, { sources }) => {
  const metrics = new ServiceMetrics(sources);
  app.decorate('metrics', metrics);
  app.get('/metrics', async (request, reply) => {
    if (!isLoopback(request.socket.remoteAddress)) throw serviceError('NG_ERR_NOT_FOUND');
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
  });
};

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x' });
