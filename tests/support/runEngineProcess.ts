/**
 * A dispatcher and scheduler in a child process, for crash and multi-instance tests. Settings come
 * from the environment: DATABASE_URL (DATABASE_POOLED, DATABASE_DIRECT_URL), ENCRYPTION_KEY (hex), TWILIO_API_BASE_URL,
 * GRAPH_API_BASE_URL, SEND_LEASE_MS, EVENT_LEASE_MS, LOG_LEVEL (default warn, on stderr). Prints `ready` once running; SIGTERM stops it cleanly.
 * Event webhooks may reach loopback, where the tests' receivers listen.
 */
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { createSecretBox } from '../../src/secrets/secretBox';
import { openDatabase } from '../../src/db/openDatabase';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import { systemClock } from '../../src/time/clock';
import { createLogger } from '../../src/logging/createLogger';
import { startScheduler } from '../../src/scheduler/startScheduler';
import { startEventSender } from '../../src/webhooksOut/startEventSender';
import { loopbackOutboundFetch } from './loopbackReceivers';

const env = process.env;
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pooled: env.DATABASE_POOLED === 'true', directUrl: env.DATABASE_DIRECT_URL, dataDir: '', poolSize: 4 });
const logger = createLogger(env.LOG_LEVEL ?? 'warn', process.stderr);
const secretBox = createSecretBox(env.ENCRYPTION_KEY ?? '');
const registry = createChannelRegistry({
  loadTemplates: loadRegisteredTemplates,
  secretBox,
  twilioBaseUrl: env.TWILIO_API_BASE_URL,
  graphBaseUrl: env.GRAPH_API_BASE_URL,
  consoleSink: () => undefined,
});
const dispatcher = startDispatcher({
  orm: database.orm,
  hot: database.hot,
  listenUrl: database.directUrl,
  clock: systemClock,
  logger,
  registry,
  policy: { sendLeaseMs: Number(env.SEND_LEASE_MS ?? 120_000), backoffBaseMs: 200 },
  pollMs: 500,
  recoveryEveryMs: 250,
});
const scheduler = startScheduler({ orm: database.orm, clock: systemClock, logger, onTimersFired: dispatcher.wake });
const eventSender = startEventSender({ orm: database.orm, clock: systemClock, logger, secretBox, outboundFetch: loopbackOutboundFetch(), timeoutMs: 2_000, leaseMs: Number(env.EVENT_LEASE_MS ?? 62_000), pollMs: 200 });
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    await scheduler.stop();
    await dispatcher.stop();
    await eventSender.stop();
    await database.close();
    process.exit(0);
  })();
});
