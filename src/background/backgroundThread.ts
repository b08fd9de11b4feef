import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { connectionSettings } from '../config/connectionSettings';
import { spoolDirOf } from '../config/derivedSettings';
import { loadConfig } from '../config/loadConfig';
import { openDatabase } from '../db/openDatabase';
import type { EngineDependencies } from '../engine/engineDependencies';
import { createInboundSpool } from '../inbound/createInboundSpool';
import { openIntakePool } from '../inbound/openIntakePool';
import { createLogger } from '../logging/createLogger';
import { sendStoredVersionWarningsTo } from '../logging/warnOncePerStoredVersion';
import { createSecretBox } from '../secrets/secretBox';
import { resolveSecretBoxKeys } from '../secrets/resolveSecretBoxKeys';
import { systemClock } from '../time/clock';
import type { FromBackground, ToBackground } from './startBackgroundThread';
import { startBackgroundWork, type BaileysBatch } from './startBackgroundWork';

// The background thread's entry (`startBackgroundThread`): the engine's background work on
// connections of its own, woken by the main thread, which queued the messages it runs.
if (!parentPort) throw new Error('backgroundThread.ts runs as a worker thread (startBackgroundThread)');
// Acknowledging comes first when the CPU is short: this thread yields it to the main thread, where
// webhooks are answered (on Linux the nice value is the calling thread's own). With idle cores it changes nothing.
try {
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed here (a platform or sandbox without it): the acknowledgement gate still steps aside.
}
const port = parentPort;
const post = (message: FromBackground) => port.postMessage(message);
const config = loadConfig((workerData as { env: NodeJS.ProcessEnv }).env);
const logger = createLogger(config.LOG_LEVEL).child({ thread: 'background' });
const onUnreachable = (reason: string, retryInMs: number) =>
  logger.error({ reason, retryInMs }, `the database cannot be reached; retrying in ${retryInMs / 1000} s`);
const database = await openDatabase({ ...connectionSettings(config), poolSize: config.DATABASE_POOL_SIZE, onUnreachable });
if (!database.directUrl) throw new Error('the background thread runs on a real PostgreSQL server only');
const engine: EngineDependencies = { orm: database.orm, hot: database.hot, reads: database.replica, clock: systemClock, logger };
sendStoredVersionWarningsTo(logger);
const intakePool = openIntakePool(database.directUrl);

// Baileys batches go to the main thread's intake; each waits for its answer.
const deliveries = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let lastDelivery = 0;
const deliverBaileys = (channelId: string, batch: BaileysBatch) =>
  new Promise<void>((resolve, reject) => {
    const id = ++lastDelivery;
    deliveries.set(id, { resolve, reject });
    post({ kind: 'deliver', id, channelId, batch });
  });

// The intake's latest INSERT: how long it took, and when it was heard of (a reading older than INSERT_SIGNAL_MS says nothing).
const INSERT_SIGNAL_MS = 250;
let lastInsert = { ms: 0, at: 0 };
const work = await startBackgroundWork({
  config,
  engine,
  database,
  secretBox: createSecretBox(resolveSecretBoxKeys(config)),
  intakePool,
  setAside: createInboundSpool({ deps: engine, dir: spoolDirOf(config) }).setAside,
  deliverBaileys,
  sharesLoopWithWebhooks: false,
  intakeLatencyMs: () => (performance.now() - lastInsert.at < INSERT_SIGNAL_MS ? lastInsert.ms : 0),
  onUnreachable,
});

async function stop(): Promise<void> {
  await work.stop();
  await intakePool.end();
  await database.close();
  for (const delivery of deliveries.values()) delivery.reject(new Error('the engine is stopping'));
}

port.on('message', (message: ToBackground) => {
  if (message.kind === 'wake') {
    if (message.what === 'processor') {
      lastInsert = { ms: message.insertMs, at: performance.now() };
      work.wakeProcessor();
    }
    else work.wakeDispatcher();
  } else if (message.kind === 'delivered') {
    const delivery = deliveries.get(message.id);
    deliveries.delete(message.id);
    if (message.error === undefined) delivery?.resolve();
    else delivery?.reject(new Error(message.error));
  } else {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'the background work did not stop cleanly');
        process.exit(1);
      },
    );
  }
});
post({ kind: 'ready' });
