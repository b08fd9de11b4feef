import { resolve } from 'node:path';
import { hkdfSync, randomBytes } from 'node:crypto';
import type { ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { createChannelRegistry } from './channels/channelRegistry';
import { listenForNotifications } from './db/listenForNotifications';
import { loadRegisteredTemplates } from './templates/loadRegisteredTemplates';
import { countSealedByKey } from './keyRotation/countSealedByKey';
import { sealPlainWebhookSecrets } from './broadcasts/webhookSecrets';
import { createSecretBox } from './secrets/secretBox';
import { loadConfig, type Config } from './config/loadConfig';
import { resolveEncryptionKey } from './secrets/resolveEncryptionKey';
import { resolveSecretBoxKeys } from './secrets/resolveSecretBoxKeys';
import { migrateDatabase } from './db/migrateDatabase';
import { openDatabase, type Database } from './db/openDatabase';
import { asSystem } from './db/tenancy/scopes';
import { seedDemo } from './demo/seedDemo';
import { keepDemoCredentials } from './demo/keepDemoCredentials';
import { keepDemoAdminLink } from './demo/keepDemoAdminLink';
import { createSmtpMailer } from './email/createSmtpMailer';
import { seedDemoExperiment } from './demo/seedDemoExperiment';
import { seedDemoJourneys } from './demo/seedDemoJourneys';
import { systemClock } from './time/clock';
import type { EngineDependencies } from './engine/engineDependencies';
import { startInboundIntake } from './inbound/startInboundIntake';
import { createStatusWriter } from './delivery/createStatusWriter';
import { createApp } from './app/createApp';
import { listenWhileStarting, type StartingServer } from './app/listenWhileStarting';
import { deliverBatch } from './http/webhooks/deliverBatch';
import type { WebhookDependencies } from './http/webhooks/webhookDependencies';
import { createLogger } from './logging/createLogger';
import { sendStoredVersionWarningsTo } from './logging/warnOncePerStoredVersion';
import { webRoutes } from './web/webRoutes';
import { connectionSettings } from './config/connectionSettings';
import { mediaDirOf, publicBaseUrlOf, spoolDirOf } from './config/derivedSettings';
import { startBackgroundThread } from './background/startBackgroundThread';
import type { BaileysBatch } from './background/startBackgroundWork';

export interface RunningEngine {
  config: Config;
  logger: Logger;
  database: Database;
  /** The base URL the server listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The operator token (ADMIN_TOKEN; else with DEMO the one kept in the database, without DEMO one generated for this run). */
  adminToken: string;
  /** The demo organization's org_admin API key (with DEMO). */
  demoApiKey?: string;
  /** A one-time link to set the demo admin's console password (with DEMO, while it has none). */
  demoAdminLink?: string;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  stop(): Promise<void>;
}

function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      done();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      done();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/**
 * Boots the whole engine: settings, HTTP (health routes at once), database (embedded unless
 * DATABASE_URL, waited for while unreachable), migrations, demo, the engine's routes, dispatcher, timers, spool.
 */
export async function startEngine(env: NodeJS.ProcessEnv): Promise<RunningEngine> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const listening = await listenWhileStarting(config.PORT, config.HOST);
  logger.info({ url: listening.url }, `listening on ${listening.url} (starting)`);
  try {
    return await bootEngine(env, config, logger, listening);
  } catch (error) {
    await closeServer(listening.server, 0);
    throw error;
  }
}

async function bootEngine(env: NodeJS.ProcessEnv, config: Config, logger: Logger, listening: StartingServer): Promise<RunningEngine> {
  const encryptionKey = resolveEncryptionKey(config);
  const secretBox = createSecretBox(resolveSecretBoxKeys(config));
  const onUnreachable = (reason: string, retryInMs: number) => {
    listening.setReason('database unreachable');
    logger.error({ reason, retryInMs }, `the database cannot be reached; retrying in ${retryInMs / 1000} s`);
  };
  const connection = connectionSettings(config);
  const database = await openDatabase({ ...connection, poolSize: config.DATABASE_POOL_SIZE, onUnreachable, say: (line) => logger.info(line) });
  listening.setReason('starting');
  logger.info({ embedded: !config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR }, 'database open');
  // From here on the embedded server is a server like any other: what opens connections of its own
  // (the background work, in its thread or in this one) finds it in DATABASE_URL.
  const serverEnv = config.DATABASE_URL ? env : { ...env, DATABASE_URL: database.directUrl, ENCRYPTION_KEY: encryptionKey };
  const serverConfig = config.DATABASE_URL ? config : loadConfig(serverEnv);
  const applied = await migrateDatabase(database);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const sealedNow = await sealPlainWebhookSecrets(database.orm.em, secretBox);
  if (sealedNow > 0) logger.info({ organizations: sealedNow }, 'broadcast webhook secrets kept in the clear are now sealed');
  const sealed = await countSealedByKey(database.orm.em, secretBox);
  if (sealed.underPreviousKeys > 0) logger.warn({ values: sealed.underPreviousKeys }, 'secrets still sealed with an ENCRYPTION_KEY_PREVIOUS key: run `npm run channels -- rekey`');
  for (const [keyId, values] of Object.entries(sealed.unknownKeys)) {
    logger.error({ keyId, values }, `secrets sealed with key '${keyId}', which is not configured, cannot be opened: set ENCRYPTION_KEY to that key, or list it in ENCRYPTION_KEY_PREVIOUS`);
  }

  const engine: EngineDependencies = { orm: database.orm, hot: database.hot, reads: database.replica, clock: systemClock, logger };
  sendStoredVersionWarningsTo(logger);
  // The background thread unless BACKGROUND_THREAD=off.
  const oneThread = config.BACKGROUND_THREAD === 'off';
  // This registry verifies and routes webhooks (and Baileys batches); sends and media downloads go through the background work's.
  const sendsElsewhere = { ok: false, kind: 'transient', code: 'not_connected', reason: 'Baileys channels run with the background work' } as const;
  const registry = createChannelRegistry({
    loadTemplates: loadRegisteredTemplates,
    secretBox,
    baileys: { send: async () => sendsElsewhere, downloadMedia: async () => sendsElsewhere },
    publicUrl: config.PUBLIC_URL,
    twilioBaseUrl: config.TWILIO_API_BASE_URL,
    graphBaseUrl: config.GRAPH_API_BASE_URL,
    secretGraceMs: config.SECRET_GRACE_SECONDS * 1000,
    clock: engine.clock,
    consoleSink: () => undefined,
  });
  // Set once the background work starts below; what was queued before is found by its first look.
  let wakeProcessor: (insertMs: number) => void = () => undefined;
  const statusWriter = createStatusWriter({ orm: database.orm, hot: database.hot, logger });
  const intake = startInboundIntake({
    deps: engine,
    dir: spoolDirOf(config),
    timeoutMs: config.SPOOL_TIMEOUT_MS,
    onQueued: (insertMs) => wakeProcessor(insertMs),
    onReplayed: () => engine.notifyOutboxChanged?.(),
    statusWriter,
    // Two connections per instance straight to the server (named statements, as LISTEN): never through a transaction-mode pooler.
    databaseUrl: database.directUrl,
  });
  const { spool } = intake;
  const spooledAtStart = await spool.recover();
  const webhooks: WebhookDependencies = {
    engine,
    registry,
    publicUrl: config.PUBLIC_URL?.replace(/\/$/, ''),
    mediaDir: mediaDirOf(config),
    maxBodyBytes: config.MAX_BODY_BYTES,
    spool,
    wakeDispatcher: () => engine.notifyOutboxChanged?.(),
  };
  // From here on verified provider webhooks are accepted (queued, or spooled behind what the spool
  // holds, so each sender keeps its order) while the rest of the engine starts.
  listening.serveWebhooks(createApp({ database, logger, engine: { webhooks } }).fetch);
  const deliverBaileys = async (channelId: string, batch: BaileysBatch) => {
    const channel = await registry.byId(asSystem(database.orm.em, 'Baileys inbound'), channelId);
    if (!channel) return;
    // Thrown, so that the Baileys relay retries while neither the database nor the spool can take it.
    if ((await deliverBatch(webhooks, channel, { channelAddress: channel.address, ...batch })).unavailable) throw new Error('the engine cannot store this message right now');
  };
  const thread = oneThread
    ? undefined
    : startBackgroundThread({
      env: serverEnv,
      logger,
      hot: database.hot,
      deliverBaileys,
      onFailure: (error) => {
        // Acknowledging webhooks nothing would process is worse than no answer: providers retry, a supervisor restarts, the queue keeps what was acknowledged.
        logger.fatal({ err: error }, 'the background thread ended: exiting so that a supervisor restarts the engine');
        process.exit(1);
      },
    });
  // Imported only here: with the background thread, this thread never loads the dispatcher, Baileys, timers or jobs.
  const background = thread ?? (await (await import('./background/startBackgroundWork')).startBackgroundWork({ config: serverConfig, engine, database, secretBox, intakePool: intake.pool, setAside: spool.setAside, deliverBaileys, sharesLoopWithWebhooks: true, onUnreachable }));
  engine.notifyOutboxChanged = background.notifyOutboxChanged;
  wakeProcessor = background.wakeProcessor;

  let demoApiKey: string | undefined;
  let adminToken = config.ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
  if (config.DEMO) {
    const demo = await seedDemo(database.orm.em);
    await seedDemoJourneys(database.orm.em, resolve('flows'), engine.clock.now());
    await seedDemoExperiment(database.orm.em, engine.clock.now());
    if (demo.created) logger.info(demo, 'demo data seeded');
    ({ adminToken, apiKey: demoApiKey } = await keepDemoCredentials(database.orm.em, secretBox, { adminToken: config.ADMIN_TOKEN, apiKey: config.DEMO_API_KEY }));
    if (!demoApiKey) logger.warn('DEMO_API_KEY names a key that was revoked: it is not brought back; choose another key, or unset DEMO_API_KEY for a fresh one per start');
  }

  // Webhooks find their channel in memory while every channel change is heard.
  const channelChanges = listenForNotifications(database.directUrl, 'channel_changed', registry.changes, logger);
  if (spooledAtStart > 0) await spool.replay().catch((error: unknown) => logger.warn({ err: error }, 'spool replay on start stopped'));
  const replayer = spool.replayEvery(1_000);
  const sendEmail = config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : undefined;
  const publicBaseUrl = publicBaseUrlOf(config);
  const outboundPolicy = { allowedNetworks: config.OUTBOUND_ALLOWED_NETWORKS };
  await thread?.ready;

  const app = createApp({
    database,
    logger,
    engine: { webhooks, adminToken },
    api: {
      engine,
      publicUrl: publicBaseUrl,
      mediaDir: webhooks.mediaDir,
      enrollConcurrency: 3,
      sendEmail,
      secretBox,
      providerBaseUrls: { twilio: config.TWILIO_API_BASE_URL, graph: config.GRAPH_API_BASE_URL },
      outboundPolicy,
    },
  });
  const consoleShutdown = new AbortController();
  app.route('/', webRoutes({
    engine,
    sessionSecret: config.SESSION_SECRET ?? Buffer.from(hkdfSync('sha256', encryptionKey, 'coaching-engine', 'coach console session cookies', 32)).toString('base64url'),
    secureCookies: config.PUBLIC_URL?.startsWith('https://') ?? false,
    publicOrigin: config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : undefined,
    wakeDispatcher: () => engine.notifyOutboxChanged?.(),
    shutdownSignal: consoleShutdown.signal,
    secretBox,
    publicUrl: publicBaseUrl,
    sendEmail,
    providerBaseUrls: { twilio: config.TWILIO_API_BASE_URL, graph: config.GRAPH_API_BASE_URL },
    outboundPolicy,
  }));
  listening.serveApp(app.fetch);
  const { server, url } = listening;
  logger.info({ url }, `serving on ${url}`);
  // While the demo admin has no password, a one-time link to set it opens the coach console.
  const demoAdminLink = config.DEMO ? await keepDemoAdminLink(database.orm.em, secretBox, engine.clock.now(), config.PUBLIC_URL ?? url) : undefined;
  return {
    config,
    logger,
    database,
    url,
    adminToken,
    demoApiKey,
    demoAdminLink,
    async stop() {
      consoleShutdown.abort();
      await closeServer(server, config.SHUTDOWN_TIMEOUT_MS);
      replayer.stop();
      await background.stop();
      await intake.close();
      await statusWriter.close();
      await channelChanges.close();
      await database.close();
      logger.info('stopped');
    },
  };
}
