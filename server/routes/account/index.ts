import type { FastifyPluginAsync } from 'fastify';
import passwordRoutes from './password.js';
import tokenRoutes from './tokens.js';

export interface AccountRoutesOptions {
  attemptsPerMinute: number;
}

/** The signed-in user's own account: /account/password and /account/tokens. */
const accountRoutes: FastifyPluginAsync<AccountRoutesOptions> = async (app, options) => {
  await app.register(passwordRoutes, options);
  await app.register(tokenRoutes);
};

export default accountRoutes;
