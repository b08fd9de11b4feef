import type { MikroORM } from '@mikro-orm/postgresql';
import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { forOrganization } from '../../db/tenancy/scopes';
import type { Clock } from '../../time/clock';
import type { OutboundMessage, SendResult } from '../channelTypes';
import type { SecretBox } from '../../secrets/secretBox';
import type {
  BaileysChannelRef,
  BaileysInbound,
  BaileysInboundHandler,
  BaileysMediaDownloader,
  BaileysPairingState,
  BaileysSocket,
  BaileysSocketFactory,
  BaileysStatusHandler,
} from './baileysTypes';
import { askPairingCode, type PairingCodeResult } from './askPairingCode';
import { claimChannelLease } from './claimChannelLease';
import { classifyBaileysClose, reconnectDelayMs } from './classifyBaileysClose';
import type { FetchOutboundMedia } from './downloadOutboundMedia';
import { loadDatabaseAuthState, type DatabaseAuthState } from './loadDatabaseAuthState';
import { readBaileysSession } from './readBaileysSession';
import { relayBaileysEvents } from './relayBaileysEvents';
import { releaseChannelLease } from './releaseChannelLease';
import { requestBaileysRelink } from './requestBaileysRelink';
import { saveBaileysSession } from './saveBaileysSession';
import { sendBaileysMessage } from './sendBaileysMessage';
import { servePairingCodeRequest } from './servePairingCodeRequest';
import { serializeWrites } from './serializeWrites';

/** Lease and reconnection timing, milliseconds. */
export interface BaileysTiming {
  /** A lease lasts this long without a heartbeat; another instance takes over after it. Default 30000. */
  leaseTtlMs: number;
  /** How often the holder renews. Default 10000. */
  heartbeatMs: number;
  /** The holder closes its socket this long before its lease runs out when it could not renew (clock skew allowance). Default 5000. */
  safetyMarginMs: number;
  /** First reconnection delay after a transient close, doubling each attempt. Default 2000. */
  reconnectBaseMs: number;
  /** Longest reconnection delay. Default 300000. */
  reconnectCapMs: number;
}

export const defaultBaileysTiming: BaileysTiming = {
  leaseTtlMs: 30_000, heartbeatMs: 10_000, safetyMarginMs: 5_000, reconnectBaseMs: 2_000, reconnectCapMs: 300_000,
};

export interface BaileysChannelManagerOptions {
  channel: BaileysChannelRef;
  orm: MikroORM;
  secretBox: SecretBox;
  clock: Clock;
  logger: Logger;
  /** This instance's unique lease holder name. */
  holder: string;
  socketFactory: BaileysSocketFactory;
  downloadMedia: BaileysMediaDownloader;
  /** Fetches the file of a media message before it is sent (through the outbound guard). */
  fetchMedia: FetchOutboundMedia;
  onInbound: BaileysInboundHandler;
  /** Keeps a message onInbound refused after the retries (WhatsApp has acknowledged it already), for a later retry. */
  setAside?: (channel: BaileysChannelRef, inbound: BaileysInbound, error: unknown) => Promise<void>;
  onStatus: BaileysStatusHandler;
  timing?: Partial<BaileysTiming>;
  /** Called when the device was unlinked (from the phone or by a logout): the channel needs pairing again. */
  onLoggedOut?: (channel: BaileysChannelRef, reason: string) => void;
  /** Lease claim, replaceable in tests to cut one instance off the database. */
  claimLease?: typeof claimChannelLease;
  /** Delays before retrying onInbound/onStatus after a throw, milliseconds. Default [1000, 5000, 15000]. */
  handlerRetryDelaysMs?: ReadonlyArray<number>;
  /** Real-time wait used between those retries (tests make it instant). Default setTimeout. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * One Baileys channel on this instance. `tick()` (called every second by `startBaileysChannels`,
 * or by tests after moving the clock) takes or renews the channel's lease, closes the socket when
 * the lease is lost or could not be renewed in time, and opens the socket while the lease is held,
 * the channel is not logged out and any reconnection delay has passed.
 */
export function createBaileysChannelManager(options: BaileysChannelManagerOptions) {
  const timing = { ...defaultBaileysTiming, ...options.timing };
  const { channel, clock, logger } = options;
  const claim = options.claimLease ?? claimChannelLease;
  const em = () => forOrganization(options.orm.em, channel.organizationId);
  const queue = serializeWrites();
  const tickQueue = serializeWrites();

  let epoch: number | undefined;
  let renewedAt = 0;
  let socket: BaileysSocket | undefined;
  let auth: DatabaseAuthState | undefined;
  let state: BaileysPairingState = 'closed';
  let loggedOut = false;
  let reconnectAt = 0;
  let attempts = 0;
  let stopped = false;
  let relayRun = serializeWrites();
  /** A QR arrived on the current socket: WhatsApp is reachable and a pairing code can be asked. */
  let qrShown = false;

  async function record(next: BaileysPairingState, extra: { qr?: string; lastError?: string } = {}): Promise<void> {
    state = next;
    await saveBaileysSession(em(), channel.id, { state: next, ...extra, meJid: auth?.state.creds.me?.id, at: clock.now() });
  }

  /** Detaches and ends the socket without reacting to its close event. */
  async function closeSocket(reason: string): Promise<void> {
    const closing = socket;
    if (!closing) return;
    socket = undefined;
    for (const event of ['connection.update', 'creds.update', 'messages.upsert', 'messages.update'] as const) closing.ev.removeAllListeners(event);
    try {
      await closing.end(undefined);
    } catch (error) {
      logger.warn({ channelId: channel.id, err: error }, 'baileys socket did not end cleanly');
    }
    await auth?.flushed();
    logger.info({ channelId: channel.id, reason }, 'baileys socket closed');
  }

  async function markLoggedOut(reason: string): Promise<void> {
    await closeSocket(reason);
    const stored = auth ?? (await loadDatabaseAuthState(authOptions()));
    await stored.clear();
    auth = undefined;
    loggedOut = true;
    await record('logged_out', { lastError: reason });
    logger.warn({ channelId: channel.id, reason }, 'baileys channel logged out: its auth state was cleared; pair it again');
    options.onLoggedOut?.(channel, reason);
  }

  const authOptions = () => ({
    orm: options.orm, secretBox: options.secretBox, channelId: channel.id, organizationId: channel.organizationId, now: () => clock.now(),
    ...(epoch !== undefined ? { fence: { holder: options.holder, epoch } } : {}),
  });

  async function onConnectionUpdate(opened: BaileysSocket, update: BaileysEventMap['connection.update']): Promise<void> {
    if (opened !== socket) return;
    if (update.qr) {
      qrShown = true;
      logger.info({ channelId: channel.id, qr: update.qr }, 'baileys channel waiting for pairing: scan the QR with WhatsApp > Linked devices');
      await record('pairing', { qr: update.qr });
    }
    if (update.connection === 'open') {
      attempts = 0;
      await record('open');
      logger.info({ channelId: channel.id, me: auth?.state.creds.me?.id }, 'baileys channel open');
    }
    if (update.connection === 'close') {
      const decision = classifyBaileysClose(update.lastDisconnect?.error);
      const message = update.lastDisconnect?.error?.message ?? 'connection closed';
      if (decision.kind === 'logged_out') return markLoggedOut(`logged out by WhatsApp (${message})`);
      await closeSocket(`closed: ${decision.kind} ${decision.statusCode ?? ''}`.trim());
      if (decision.kind === 'restart') {
        reconnectAt = clock.now();
      } else {
        attempts += 1;
        const delay = decision.kind === 'replaced' ? timing.reconnectCapMs : reconnectDelayMs(attempts, timing.reconnectBaseMs, timing.reconnectCapMs);
        reconnectAt = clock.now() + delay;
        logger[decision.kind === 'replaced' ? 'error' : 'warn']({ channelId: channel.id, statusCode: decision.statusCode, delayMs: delay, message }, 'baileys connection closed; reconnecting later');
      }
      await record('closed', { lastError: message });
      if (decision.kind === 'restart') void tick();
    }
  }

  async function openSocket(): Promise<void> {
    auth = await loadDatabaseAuthState(authOptions());
    relayRun = serializeWrites();
    qrShown = false;
    let opened: BaileysSocket;
    try {
      opened = options.socketFactory({ channelId: channel.id, auth: auth.state, logger });
    } catch (error) {
      attempts += 1;
      reconnectAt = clock.now() + reconnectDelayMs(attempts, timing.reconnectBaseMs, timing.reconnectCapMs);
      logger.error({ channelId: channel.id, err: error }, 'baileys socket could not be created; trying again later');
      return;
    }
    socket = opened;
    const saving = auth;
    opened.ev.on('creds.update', () => void saving.saveCreds().catch((error) => logger.error({ channelId: channel.id, err: error }, 'baileys creds not saved')));
    opened.ev.on('connection.update', (update) => void queue(() => onConnectionUpdate(opened, update)).catch((error) => logger.error({ channelId: channel.id, err: error }, 'baileys connection update failed')));
    relayBaileysEvents({
      channel, socket: opened, clock, logger, downloadMedia: options.downloadMedia, onInbound: options.onInbound, ...(options.setAside ? { setAside: options.setAside } : {}), onStatus: options.onStatus, run: relayRun,
      retryDelaysMs: options.handlerRetryDelaysMs ?? [1_000, 5_000, 15_000],
      wait: options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    await record(auth.state.creds.registered ? 'closed' : 'pairing');
    logger.info({ channelId: channel.id, registered: auth.state.creds.registered, epoch }, 'baileys socket opening');
  }

  async function step(): Promise<void> {
    if (stopped) return;
    const now = clock.now();
    if (epoch !== undefined && now >= renewedAt + timing.leaseTtlMs - timing.safetyMarginMs) {
      await closeSocket('lease not renewed in time');
      epoch = undefined;
    }
    const heartbeat = epoch === undefined || now >= renewedAt + timing.heartbeatMs;
    if (heartbeat) {
      let result;
      try {
        result = await claim(em(), { channelId: channel.id, holder: options.holder, now, ttlMs: timing.leaseTtlMs });
      } catch (error) {
        logger.warn({ channelId: channel.id, err: error }, 'baileys lease not renewed');
        return;
      }
      if (!result.held) {
        if (epoch !== undefined) await closeSocket(`lease taken by ${result.holder}`);
        epoch = undefined;
        return;
      }
      if (epoch !== undefined && result.epoch !== epoch) await closeSocket('lease epoch changed');
      epoch = result.epoch;
      renewedAt = now;
      // Read on every heartbeat: another instance may have logged the channel out or asked to relink it.
      const session = await readBaileysSession(em(), channel.id);
      loggedOut = session.state === 'logged_out';
      if (session.logoutRequested) await queue(() => logoutHere('logout requested'));
    }
    // A pairing code asked on any instance: looked for on every tick while a QR is shown, else on heartbeats.
    if (socket && (heartbeat || (state === 'pairing' && qrShown))) await queue(() => servePairingCodeRequest(em(), channel.id, askHere, () => clock.now()));
    if (!socket && !loggedOut && now >= reconnectAt) await queue(openSocket);
  }

  async function askHere(phone: string): Promise<PairingCodeResult> {
    const result = await askPairingCode({ socket, state, registered: Boolean(auth?.state.creds.registered), qrShown }, phone);
    if (result.ok) logger.info({ channelId: channel.id }, 'baileys pairing code issued');
    return result;
  }

  async function logoutHere(reason: string): Promise<void> {
    const current = socket;
    if (current) {
      for (const event of ['connection.update'] as const) current.ev.removeAllListeners(event);
      try {
        await current.logout(reason);
      } catch (error) {
        logger.warn({ channelId: channel.id, err: error }, 'baileys logout did not reach WhatsApp; clearing the auth state anyway');
      }
    }
    await markLoggedOut(reason);
  }

  function tick(): Promise<void> {
    return tickQueue(step);
  }

  return {
    channel,
    tick,
    /** Whether this instance holds the lease and has a socket. */
    get holding(): boolean {
      return epoch !== undefined;
    },
    get socketOpen(): boolean {
      return socket !== undefined;
    },
    get state(): BaileysPairingState {
      return state;
    },
    send(message: OutboundMessage): Promise<SendResult> {
      return sendBaileysMessage(state === 'open' ? socket : undefined, message, options.fetchMedia);
    },
    /** Asks WhatsApp for a code to type on the phone (Linked devices > Link with phone number). `phone` in E.164. */
    requestPairingCode(phone: string): Promise<PairingCodeResult> {
      return askHere(phone);
    },
    /** Unlinks the device and clears the auth state (here if this instance holds the socket, else through the holder). */
    async logout(): Promise<'done' | 'requested'> {
      if (epoch === undefined) return 'requested';
      await tickQueue(() => queue(() => logoutHere('logout requested')));
      return 'done';
    },
    /** Pairs again after a logout: records `closed`, so the holder's next tick opens a socket that shows a new QR. */
    async relink(): Promise<void> {
      await tickQueue(async () => {
        const requested = await requestBaileysRelink(em(), channel.id, clock.now());
        if (!requested && !loggedOut) return;
        loggedOut = false;
        reconnectAt = 0;
      });
    },
    /** Resolves when every event received so far has been handled (tests; shutdown). */
    async settled(): Promise<void> {
      // Twice: a connection update may start a tick (restart) that opens a socket.
      for (let round = 0; round < 2; round++) {
        await queue(async () => undefined);
        await tickQueue(async () => undefined);
        await relayRun(async () => undefined);
        await auth?.flushed();
      }
    },
    /** Graceful shutdown: close the socket, wait for auth writes, give the lease up. */
    async stop(): Promise<void> {
      await tickQueue(async () => {
        stopped = true;
        await queue(async () => undefined);
        if (socket) {
          await closeSocket('shutdown');
          await relayRun(async () => undefined);
          await record('closed', { lastError: 'instance shut down' });
        }
        if (epoch !== undefined) await releaseChannelLease(em(), { channelId: channel.id, holder: options.holder, epoch, now: clock.now() });
        epoch = undefined;
      });
    },
  };
}

export type BaileysChannelManager = ReturnType<typeof createBaileysChannelManager>;
