import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../db/tenancy/scopes';
import type { Clock } from '../../time/clock';
import type { MediaDownload, OutboundMessage, SendResult } from '../channelTypes';
import { createOutboundFetch, type OutboundFetch } from '../../outbound/createOutboundFetch';
import { publicAddressesOnly } from '../../outbound/outboundPolicy';
import type { SecretBox } from '../../secrets/secretBox';
import { baileysSettingsSchema } from './baileysSettings';
import type { BaileysChannelRef, BaileysInbound, BaileysInboundHandler, BaileysMediaDownloader, BaileysSocketFactory, BaileysStatusHandler } from './baileysTypes';
import { countBaileysSend, uncountBaileysSend } from './countBaileysSend';
import { createInboundDeadLetter } from './createInboundDeadLetter';
import { createMediaShelf } from './createMediaShelf';
import { downloadOutboundMedia, type FetchOutboundMedia } from './downloadOutboundMedia';
import type { PairingCodeResult } from './askPairingCode';
import type { BaileysChannelManager, BaileysTiming } from './createBaileysChannelManager';
import { readBaileysSession, type BaileysSessionView } from './readBaileysSession';
import { requestBaileysLogout } from './requestBaileysLogout';

export interface StartBaileysChannelsOptions {
  orm: MikroORM;
  secretBox: SecretBox;
  logger: Logger;
  clock: Clock;
  /** Each inbound message, in order per channel (its media waits on the shelf for the media fetcher). */
  onInbound: BaileysInboundHandler;
  /**
   * Where this instance keeps Baileys state on disk: `media-incoming/` (downloaded media until the
   * media fetcher takes it) and `baileys-dead-letter.jsonl` (messages onInbound refused after its
   * retries, handed over again on each refresh).
   */
  stateDir: string;
  /** Each delivery or read receipt. */
  onStatus: BaileysStatusHandler;
  /** Called when a channel's device was unlinked: it needs pairing again. */
  onLoggedOut?: (channel: BaileysChannelRef, reason: string) => void;
  /** Default: the real `makeWASocket`. Tests give a fake. */
  socketFactory?: BaileysSocketFactory;
  /** Default: Baileys' `downloadMediaMessage`. */
  downloadMedia?: BaileysMediaDownloader;
  /**
   * How the files of media messages are fetched before they are sent: the engine's guarded fetch
   * (`createOutboundFetch` with OUTBOUND_ALLOWED_NETWORKS). Default: public addresses only.
   */
  outboundFetch?: OutboundFetch;
  /** This instance's lease holder name. Default `host:pid:random`. */
  holder?: string;
  /** How often every channel ticks, milliseconds (real time). 0: never by itself (tests call `tick()`). Default 1000. */
  tickMs?: number;
  /** How often the list of Baileys channels is re-read, milliseconds (business clock). Default 30000. */
  refreshMs?: number;
  timing?: Partial<BaileysTiming>;
}

interface ChannelRow {
  id: string;
  organization_id: string;
  settings: Record<string, unknown>;
}

/**
 * Runs every active Baileys channel on this instance: one manager per channel, each opening its
 * socket only while it holds the channel's lease (so across instances one socket per channel).
 */
export async function startBaileysChannels(options: StartBaileysChannelsOptions) {
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const managers = new Map<string, BaileysChannelManager>();
  const media = createMediaShelf({ dir: join(options.stateDir, 'media-incoming') });
  const deadLetter = createInboundDeadLetter(join(options.stateDir, 'baileys-dead-letter.jsonl'));
  const outboundFetch = options.outboundFetch ?? createOutboundFetch(publicAddressesOnly);
  const fetchMedia: FetchOutboundMedia = (file) => downloadOutboundMedia(outboundFetch, file);
  const onInbound: BaileysInboundHandler = async (channel, inbound) => {
    if (inbound.media && inbound.message.media) await media.put(channel.id, inbound.message.media.providerRef, inbound.media);
    await options.onInbound(channel, inbound);
  };
  const setAside = (channel: BaileysChannelRef, inbound: BaileysInbound, error: unknown) => deadLetter.add(channel, inbound, error);
  let refreshedAt = Number.NEGATIVE_INFINITY;
  let ticking: Promise<void> | undefined;
  let stopped = false;

  async function refresh(): Promise<void> {
    const rows = await scopedSql<ChannelRow>(
      asSystem(options.orm.em, 'baileys channels: which sockets to run'),
      "select id, organization_id, settings from channels where kind = 'baileys' and status = 'active'",
    );
    const active = new Set(rows.map((row) => row.id));
    for (const [id, manager] of managers) {
      if (active.has(id)) continue;
      managers.delete(id);
      await manager.stop();
    }
    for (const row of rows) {
      if (managers.has(row.id)) continue;
      // Baileys itself (about 80 MB of memory once loaded) is imported only when this instance runs a Baileys channel.
      const { createBaileysChannelManager } = await import('./createBaileysChannelManager');
      managers.set(row.id, createBaileysChannelManager({
        channel: { id: row.id, organizationId: row.organization_id, settings: row.settings },
        orm: options.orm,
        secretBox: options.secretBox,
        clock: options.clock,
        logger: options.logger,
        holder,
        socketFactory: options.socketFactory ?? (await import('./createRealBaileysSocket')).createRealBaileysSocket,
        downloadMedia: options.downloadMedia ?? (await import('./createRealBaileysSocket')).downloadWithBaileys,
        fetchMedia,
        onInbound,
        setAside,
        onStatus: options.onStatus,
        ...(options.onLoggedOut ? { onLoggedOut: options.onLoggedOut } : {}),
        ...(options.timing ? { timing: options.timing } : {}),
      }));
    }
    refreshedAt = options.clock.now();
    const retried = await deadLetter.retry(options.onInbound);
    if (retried.delivered + retried.kept > 0) options.logger.info({ ...retried }, 'set-aside baileys messages handed over again');
  }

  async function tickAll(): Promise<void> {
    if (stopped) return;
    if (options.clock.now() >= refreshedAt + (options.refreshMs ?? 30_000)) await refresh();
    await Promise.all([...managers.values()].map((manager) => manager.tick()));
  }

  /** One round for every channel; overlapping calls wait for the round in progress. */
  function tick(): Promise<void> {
    ticking ??= tickAll()
      .catch((error) => options.logger.error({ err: error }, 'baileys tick failed'))
      .finally(() => { ticking = undefined; });
    return ticking;
  }

  await tick();
  const timer = (options.tickMs ?? 1_000) > 0 ? setInterval(() => void tick(), options.tickMs ?? 1_000) : undefined;
  timer?.unref();

  const find = (channelId: string) => managers.get(channelId);

  return {
    /** This instance's lease holder name. */
    holder,
    tick,
    /** The manager of a channel (tests, diagnostics). */
    manager: find,
    /** The pairing state recorded by whichever instance holds the socket; undefined for an unknown channel. */
    async pairingState(channelId: string): Promise<BaileysSessionView | undefined> {
      const manager = find(channelId);
      return manager ? readBaileysSession(forOrganization(options.orm.em, manager.channel.organizationId), channelId) : undefined;
    },
    /** A code to type on the phone instead of scanning the QR; only the instance holding the socket can ask. */
    async requestPairingCode(channelId: string, phone: string): Promise<PairingCodeResult> {
      const manager = find(channelId);
      if (!manager) return { ok: false, reason: 'not_held_here', message: `no active Baileys channel ${channelId}` };
      return manager.requestPairingCode(phone);
    },
    /** Unlinks the device and clears its auth state; on another instance's channel the holder does it on its next heartbeat. */
    async logout(channelId: string): Promise<'done' | 'requested' | 'unknown_channel'> {
      const manager = find(channelId);
      if (!manager) return 'unknown_channel';
      const done = await manager.logout();
      if (done === 'requested') await requestBaileysLogout(forOrganization(options.orm.em, manager.channel.organizationId), channelId, options.clock.now());
      return done;
    },
    /** After a logout, pair again: the instance holding the lease opens a socket with a new QR on its next tick. */
    async relink(channelId: string): Promise<'requested' | 'unknown_channel'> {
      const manager = find(channelId);
      if (!manager) return 'unknown_channel';
      await manager.relink();
      return 'requested';
    },
    /** Sends through the channel's socket, within its daily cap. For the dispatcher, via `createBaileysAdapter`. */
    async send(channelId: string, message: OutboundMessage): Promise<SendResult> {
      const manager = find(channelId);
      if (!manager) return { ok: false, kind: 'permanent', code: 'unknown_channel', reason: `no active Baileys channel ${channelId}` };
      if (!manager.socketOpen || manager.state !== 'open') return manager.send(message);
      const settings = baileysSettingsSchema.safeParse(manager.channel.settings);
      const cap = settings.success ? settings.data.dailyCap : 250;
      const now = options.clock.now();
      const day = new Date(now).toISOString().slice(0, 10);
      const scope = forOrganization(options.orm.em, manager.channel.organizationId);
      if (!(await countBaileysSend(scope, { channelId, day, cap, now }))) {
        const nextDay = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
        return { ok: false, kind: 'transient', code: 'daily_cap', reason: `the channel sent its ${cap} messages for ${day} (settings.dailyCap)`, retryAfterMs: nextDay - now };
      }
      const result = await manager.send(message);
      if (!result.ok && !(result.kind === 'transient' && result.inDoubt)) await uncountBaileysSend(scope, { channelId, day });
      return result;
    },
    /**
     * The bytes of an inbound media file this instance downloaded (`InboundMessage.media.providerRef`),
     * once: for the adapter's `downloadMedia`, so the webhook path's media storage serves Baileys too.
     */
    downloadMedia(channelId: string, providerRef: string): Promise<MediaDownload> {
      return media.take(channelId, providerRef);
    },
    /** Resolves when every event received so far has been handled by every channel. */
    async settled(): Promise<void> {
      await ticking;
      await Promise.all([...managers.values()].map((manager) => manager.settled()));
    },
    /** Graceful shutdown: every socket closed, auth writes finished, leases given up. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await ticking;
      await Promise.all([...managers.values()].map((manager) => manager.stop()));
    },
  };
}

export type BaileysChannels = Awaited<ReturnType<typeof startBaileysChannels>>;
