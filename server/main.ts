/**
 * Starts the service: configuration, database migrations, the app, then listening. On a fresh
 * database it also creates the demo course and prints its accounts once.
 *
 *   npm start                 # http://localhost:3000
 *   PORT=0 npm start          # any free port; the line "netgrade listening on …" tells which
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { applyMigrations } from './db/migrate.js';
import { formatDemoSeed, seedDemoIfEmpty } from './demo.js';

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  await applyMigrations(config.databaseFile, config.migrationsDir);

  const app = await buildApp({ config });
  const seed = await seedDemoIfEmpty(app.db);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    // Closing the app waits for requests in flight, then stops the grading workers and the database.
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await app.listen({ port: config.port, host: config.host });
  // The real port, so that PORT=0 (any free port) is usable by whoever reads this line.
  const { port } = app.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`netgrade listening on http://${host}:${port}`);
  if (seed) console.log(formatDemoSeed(seed));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`netgrade: configuration error: ${error.message}`);
  } else {
    console.error('netgrade: could not start:', error);
  }
  process.exit(1);
});
