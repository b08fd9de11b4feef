import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config/loadConfig';
import { migrateDatabase } from './db/migrateDatabase';
import { openDatabase, type Database } from './db/openDatabase';
import { seedDemo } from './demo/seedDemo';
import { createApp } from './http/createApp';
import { createLogger } from './logging/createLogger';

export interface RunningEngine {
  config: Config;
  logger: Logger;
  database: Database;
  /** The base URL the server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      resolve();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/** Boots the whole engine: settings, database (embedded unless DATABASE_URL), migrations, demo, HTTP. */
export async function startEngine(env: NodeJS.ProcessEnv): Promise<RunningEngine> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  logger.info({ embedded: database.embedded, dataDir: database.embedded ? config.DATA_DIR : undefined }, 'database open');
  const applied = await migrateDatabase(database);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  if (config.DEMO) {
    const demo = await seedDemo(database.orm.em);
    if (demo.created) logger.info(demo, 'demo data seeded');
  }

  const app = createApp({ database, logger });
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url }, `listening on ${url}`);

  return {
    config,
    logger,
    database,
    url,
    async stop() {
      await closeServer(server, config.SHUTDOWN_TIMEOUT_MS);
      await database.close();
      logger.info('stopped');
    },
  };
}
