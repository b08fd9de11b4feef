import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ChannelRegistry } from '../channels/channelRegistry';
import type { InboundMedia, MediaDownload, SendFailure } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';
import { computeBackoff } from '../delivery/computeBackoff';
import { defaultDeliveryPolicy } from '../delivery/deliveryPolicy';
import type { Clock } from '../time/clock';
import { recordMediaOutcome } from './recordMediaOutcome';
import { writeMediaFile } from './writeMediaFile';

export interface MediaFetchOptions {
  orm: MikroORM;
  clock: Clock;
  logger: Logger;
  registry: Pick<ChannelRegistry, 'byId'>;
  /** Folder where inbound media files are kept (MEDIA_DIR). */
  mediaDir: string;
  /** Largest file kept, bytes, whatever the provider allows. Default 100 MiB. */
  maxBytes?: number;
  /** Tries before a transient failure is final. Default 8 (about 4 hours of backoff). */
  maxAttempts?: number;
  /** Messages claimed per round. Default 10. */
  batch?: number;
  /** A claimed message is tried again after this, milliseconds, if its fetch never finished (a crash). Default 10 minutes. */
  leaseMs?: number;
  random?: () => number;
}

interface PendingMedia {
  id: string;
  organization_id: string;
  channel_id: string;
  provider_message_id: string;
  media: InboundMedia;
  media_attempts: number;
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3',
  'video/mp4': 'mp4', 'application/pdf': 'pdf',
};

/** Retries of a media download: from 30 s, doubling, up to an hour apart. */
const mediaBackoff = { ...defaultDeliveryPolicy, backoffBaseMs: 30_000, backoffCapMs: 3_600_000 };

/**
 * One round of the media fetcher: claims inbound messages whose media is due (SKIP LOCKED, and
 * leased by moving `media_due_at` on, so a crash mid-download is retried after the lease), streams
 * each file to `mediaDir/<channel>/<message>.<ext>` within the size cap, and records the outcome on
 * the message: stored (its media reference becomes the kept file's path relative to `mediaDir`),
 * pending again after a backoff, or failed with why. Returns how many messages it handled.
 */
export async function fetchPendingMedia(options: MediaFetchOptions): Promise<number> {
  const now = options.clock.now();
  const claimed = await scopedSql<PendingMedia>(
    asSystem(options.orm.em, 'claim inbound media to fetch'),
    `update messages m set media_due_at = :leaseUntil, media_attempts = m.media_attempts + 1
      where m.id in (select id from messages where media_status = 'pending' and media_due_at <= :now
                      order by media_due_at limit :batch for no key update skip locked)
     returning m.id, m.organization_id, m.channel_id, m.provider_message_id, m.payload->'media' as media, m.media_attempts`,
    { now: new Date(now), leaseUntil: new Date(now + (options.leaseMs ?? 600_000)), batch: options.batch ?? 10 },
  );
  for (const row of claimed) await fetchOne(options, row);
  return claimed.length;
}

async function fetchOne(options: MediaFetchOptions, row: PendingMedia): Promise<void> {
  const outcome = await download(options, row);
  const now = options.clock.now();
  if (outcome.ok) {
    await recordMediaOutcome(options.orm, row, { kind: 'stored', media: outcome.media });
    return;
  }
  const final = outcome.kind === 'permanent' || row.media_attempts >= (options.maxAttempts ?? 8);
  const error = `${outcome.code}: ${outcome.reason}`;
  options.logger.warn({ messageId: row.id, channelId: row.channel_id, attempts: row.media_attempts, final, error }, 'inbound media not fetched');
  await recordMediaOutcome(
    options.orm,
    row,
    final
      ? { kind: 'failed', error }
      : { kind: 'retry', error, dueAt: now + computeBackoff(mediaBackoff, row.media_attempts, outcome.kind === 'transient' ? outcome.retryAfterMs : undefined, (options.random ?? Math.random)()) },
  );
}

async function download(options: MediaFetchOptions, row: PendingMedia): Promise<{ ok: true; media: InboundMedia } | SendFailure> {
  let fetched: MediaDownload;
  try {
    const channel = await options.registry.byId(asSystem(options.orm.em, 'fetch inbound media'), row.channel_id);
    if (!channel) return { ok: false, kind: 'permanent', code: 'channel_gone', reason: 'the channel was deleted before its media was fetched' };
    // Channels without downloads (console) carry media that needs none.
    if (!channel.adapter.downloadMedia) return { ok: true, media: row.media };
    fetched = await channel.adapter.downloadMedia(row.media.providerRef);
  } catch (error) {
    return { ok: false, kind: 'transient', code: 'channel_unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  if (!fetched.ok) return fetched;
  const safeId = row.provider_message_id.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = join(row.channel_id, `${safeId}.${extensions[fetched.mimeType.split(';')[0]] ?? 'bin'}`);
  const written = await writeMediaFile(fetched.body, join(options.mediaDir, file), Math.min(fetched.maxBytes, options.maxBytes ?? 100 * 1024 * 1024));
  if (!written.ok) return written;
  return { ok: true, media: { ...row.media, providerRef: file, mimeType: fetched.mimeType } };
}
