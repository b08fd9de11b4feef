import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { coachInboxMailJob, managementJobs } from '../api/managementJobs';
import { startBaileysChannels, type BaileysChannels } from '../channels/baileys/startBaileysChannels';
import { createChannelRegistry } from '../channels/channelRegistry';
import type { WebhookBatch } from '../channels/channelTypes';
import { connectionSettings } from '../config/connectionSettings';
import { mediaDirOf, publicBaseUrlOf } from '../config/derivedSettings';
import type { Config } from '../config/loadConfig';
import { openDatabase, type Database } from '../db/openDatabase';
import type { OnUnreachable } from '../db/initOrmWhenReachable';
import { asSystem } from '../db/tenancy/scopes';
import { createOutboxNotifier } from '../delivery/createOutboxNotifier';
import { startDispatcher } from '../delivery/startDispatcher';
import { createSmtpMailer } from '../email/createSmtpMailer';
import type { EngineDependencies } from '../engine/engineDependencies';
import { historyJob } from '../history/historyJob';
import { startInboundProcessor, type InboundProcessorOptions } from '../inbound/startInboundProcessor';
import { watchEventLoopLag } from '../inbound/watchEventLoopLag';
import { startMediaFetcher } from '../media/startMediaFetcher';
import { startScheduler } from '../scheduler/startScheduler';
import type { SecretBox } from '../secrets/secretBox';
import { loadRegisteredTemplates } from '../templates/loadRegisteredTemplates';
import { createOutboundFetch } from '../outbound/createOutboundFetch';
import { pruneDeliveryBodies } from '../webhooksOut/pruneDeliveryBodies';
import { startEventSender } from '../webhooksOut/startEventSender';

/** A Baileys channel's inbound batch, handed to the intake like a webhook's. */
export type BaileysBatch = Omit<WebhookBatch, 'channelAddress'>;

export interface BackgroundWorkOptions {
  config: Config;
  /** The engine's dependencies on the database the background work uses (in the background thread, its own connections). */
  engine: EngineDependencies;
  database: Database;
  secretBox: SecretBox;
  /** The intake's own connections (a real server): the processor's claims go there. */
  intakePool?: pg.Pool;
  /** Sets aside a queued message whose step kept failing (the spool's dead-letter file). */
  setAside: InboundProcessorOptions['setAside'];
  /** Hands a Baileys channel's inbound messages and statuses to the intake; throws while neither the queue nor the spool can take them. */
  deliverBaileys: (channelId: string, batch: BaileysBatch) => Promise<void>;
  /** True when the HTTP server shares this event loop: steps then step aside while it runs late, so webhooks are answered first. */
  sharesLoopWithWebhooks: boolean;
  /**
   * In a thread of its own: how long the intake's latest INSERT took (ms, 0 once stale). Steps then
   * step aside while it is slow: a database short of CPU answers the acknowledgements' INSERTs first.
   */
  intakeLatencyMs?: () => number;
  onUnreachable?: OnUnreachable;
}

export interface BackgroundWork {
  /** Looks for queued inbound messages now (after the intake queued some). */
  wakeProcessor(): void;
  /** Looks at the outbox now, in this process only. */
  wakeDispatcher(): void;
  /** Wakes this process's dispatcher and NOTIFYs the other instances' (`createOutboxNotifier`). */
  notifyOutboxChanged(): void;
  /** Stops Baileys, the processor (letting running steps finish), the fetcher, timers and jobs, the dispatcher and event sender, and closes the dispatcher's connections. */
  stop(): Promise<void>;
}

/**
 * Starts the engine's work behind the acknowledgements: the inbound processor (each queued
 * message's step), the outbox dispatcher and its notifier, the media fetcher, the scheduler
 * (timers and jobs), the event sender and the Baileys channels (they send through this
 * dispatcher's registry). It runs in the main thread (BACKGROUND_THREAD=off)
 * or in the background thread (`backgroundThread.ts`), the same either way.
 */
export async function startBackgroundWork(options: BackgroundWorkOptions): Promise<BackgroundWork> {
  const { config, engine, database, secretBox } = options;
  const logger: Logger = engine.logger;
  let baileys: BaileysChannels | undefined;
  const baileysHolder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const baileysNotStarted = { ok: false, kind: 'transient', code: 'not_connected', reason: 'Baileys channels are starting' } as const;
  const registry = createChannelRegistry({
    loadTemplates: loadRegisteredTemplates,
    secretBox,
    baileys: {
      send: async (channelId, message) => (baileys ? baileys.send(channelId, message) : baileysNotStarted),
      downloadMedia: async (channelId, ref) => (baileys ? baileys.downloadMedia(channelId, ref) : baileysNotStarted),
    },
    publicUrl: config.PUBLIC_URL,
    twilioBaseUrl: config.TWILIO_API_BASE_URL,
    graphBaseUrl: config.GRAPH_API_BASE_URL,
    secretGraceMs: config.SECRET_GRACE_SECONDS * 1000,
    clock: engine.clock,
    consoleSink: (channelId, message) => logger.info({ channelId, to: message.to, text: message.text }, 'console message sent'),
  });
  const mediaFetcher = startMediaFetcher({ ...engine, registry, mediaDir: mediaDirOf(config) });
  // The dispatcher has connections of its own, so a burst of steps holding the engine's pool never
  // keeps replies from going out.
  const dispatchDatabase = await openDatabase({ ...connectionSettings(config), replicaUrl: undefined, poolSize: config.DISPATCH_POOL_SIZE, onUnreachable: options.onUnreachable });
  // Names this thread's outbox NOTIFYs, which its own dispatcher (woken in-process) ignores.
  const notifySender = randomUUID();
  const dispatcher = startDispatcher({
    orm: dispatchDatabase.orm,
    hot: dispatchDatabase.hot,
    listenUrl: database.directUrl,
    notifySender,
    clock: engine.clock,
    logger,
    registry,
    concurrency: config.DISPATCH_CONCURRENCY,
    pollMs: config.DISPATCH_POLL_MS,
    policy: { sendLeaseMs: config.SEND_LEASE_MS, maxAttempts: config.SEND_MAX_ATTEMPTS, baileysHolder },
  });
  // No trigger NOTIFYs the outbox: whatever queues messages here calls this after its commit.
  const outboxNotifier = createOutboxNotifier({ hot: database.hot, sender: notifySender, wakeLocal: dispatcher.wake, logger });
  engine.notifyOutboxChanged = outboxNotifier.notifyOutboxChanged;
  // Acknowledging comes first: while a loop shared with webhooks runs late, steps go one at a time.
  const lag = options.sharesLoopWithWebhooks ? watchEventLoopLag() : undefined;
  const processor = startInboundProcessor({
    deps: engine,
    setAside: options.setAside,
    afterStep: (message) => {
      outboxNotifier.notifyOutboxChanged();
      if (message.media) void mediaFetcher.wake();
    },
    concurrency: config.INBOUND_CONCURRENCY ?? 8,
    pool: options.intakePool,
    loopLag: lag?.lagMs ?? options.intakeLatencyMs,
  });
  // Messages acknowledged before a crash or a stop run now.
  processor.wake();

  const sendEmail = config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : undefined;
  const outboundFetch = createOutboundFetch({ allowedNetworks: config.OUTBOUND_ALLOWED_NETWORKS });
  const eventSender = startEventSender({ orm: dispatchDatabase.orm, clock: engine.clock, logger, secretBox, sendEmail, outboundFetch });
  const pruneEvents = {
    name: 'event-deliveries-prune',
    cron: '17 * * * *',
    run: async () => {
      const pruned = await pruneDeliveryBodies(asSystem(engine.orm.em, 'prune event delivery bodies'), engine.clock.now());
      if (pruned.bodies + pruned.events > 0) logger.info(pruned, 'event delivery bodies pruned');
    },
  };
  const tellCoaches = sendEmail ? [coachInboxMailJob(engine, sendEmail, `${publicBaseUrlOf(config)}/coach/inbox`)] : [];
  const jobs = [...managementJobs(engine, sendEmail), pruneEvents, historyJob(engine, join(config.DATA_DIR, 'archive')), ...tellCoaches];
  const scheduler = startScheduler({ ...engine, onTimersFired: outboxNotifier.notifyOutboxChanged, timerTickCron: `*/${config.TIMER_TICK_SECONDS} * * * * *`, jobs });
  baileys = await startBaileysChannels({
    orm: engine.orm,
    secretBox,
    logger,
    clock: engine.clock,
    onInbound: (channel, inbound) => options.deliverBaileys(channel.id, { messages: [inbound.message], statuses: [] }),
    onStatus: (channel, status) => options.deliverBaileys(channel.id, { messages: [], statuses: [status] }),
    holder: baileysHolder,
    stateDir: join(config.DATA_DIR, 'baileys'),
    outboundFetch,
    onLoggedOut: (channel, reason) => logger.warn({ channelId: channel.id, reason }, 'WhatsApp number unlinked: pair it again'),
  });

  return {
    wakeProcessor: processor.wake,
    wakeDispatcher: dispatcher.wake,
    notifyOutboxChanged: outboxNotifier.notifyOutboxChanged,
    async stop() {
      await baileys?.stop();
      await processor.stop();
      lag?.stop();
      await mediaFetcher.stop();
      await scheduler.stop();
      await outboxNotifier.close();
      await dispatcher.stop();
      await eventSender.stop();
      await dispatchDatabase.close();
    },
  };
}
