import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { PrismaClient } from '../db/generated/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database. Created by buildApp, since the session store needs it before this plugin runs. */
    db: PrismaClient;
  }
}

export interface DbPluginOptions {
  client: PrismaClient;
}

const dbPlugin: FastifyPluginAsync<DbPluginOptions> = async (app, { client }) => {
  app.decorate('db', client);
  app.addHook('onClose', async () => {
    await client.$disconnect();
  });
};

export default fp(dbPlugin, { name: 'db', fastify: '5.x' });
