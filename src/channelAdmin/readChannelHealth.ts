import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { channelSpacingMs } from '../channels/channelPolicy';
import { readConnected, type ConnectionFacts } from './readConnected';

/** Outbound counts of a window, by what became of the messages created in it. */
export interface WindowCounts {
  /** Handed to WhatsApp (includes delivered and read). */
  sent: number;
  /** Delivered (includes read). */
  delivered: number;
  read: number;
  failed: number;
}

/** The channel's current sending pace against its limit. */
export interface SendRate {
  /** Messages sent in the last minute, per second. */
  perSecond: number;
  /** The channel's limit, messages per second (`settings.sendRatePerSecond` or the provider default); null: unlimited (console). */
  limitPerSecond: number | null;
}

/** Whether the channel is marked unhealthy (its sends keep failing with bad credentials or a blocked number), and why. */
export interface HealthMark {
  status: 'healthy' | 'unhealthy';
  /** Why it is unhealthy, in words an admin understands; null when healthy. */
  reason: string | null;
  /** When the mark last changed, ISO 8601; null when it never did. */
  since: string | null;
}

/** Queued messages of the channel held back for quiet hours, one entry per stated reason (time zone). */
export interface DeferredGroup {
  code: 'quiet_hours';
  /** In words, as on each message: "deferred until 07:00 Africa/Nairobi (quiet hours)". */
  reason: string;
  count: number;
  /** The earliest time one of them may go out, ISO 8601. */
  until: string;
}

/**
 * A channel's health (`GET /v1/channels/:id/health`, `npm run channels -- health`, the console's
 * channel page). Field names are stable.
 */
export interface ChannelHealth {
  /** Whether the channel can send now (see readConnected). */
  connected: boolean;
  sendRate: SendRate;
  health: HealthMark;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  lastHour: WindowCounts;
  lastDay: WindowCounts;
  /** Messages waiting in the outbox for this channel. */
  queueDepth: number;
  /** Of the queue, the messages deferred for quiet hours, by reason, earliest end first. */
  deferred: DeferredGroup[];
  lastError: { code: string | null; reason: string | null; at: string } | null;
}

interface CountRow {
  hour_sent: string; hour_delivered: string; hour_read: string; hour_failed: string;
  day_sent: string; day_delivered: string; day_read: string; day_failed: string;
  minute_sent: string;
}

/** What the health needs of the channel row (`readChannelRow` reads it all). */
export type ChannelHealthFacts = ConnectionFacts & { settings: Record<string, unknown>; health_reason: string | null; health_changed_at: Date | null };

/** The health mark as answered (also shown by GET /v1/channels/:id). */
export function viewHealthMark(row: { health_status: 'healthy' | 'unhealthy'; health_reason: string | null; health_changed_at: Date | null }): HealthMark {
  return { status: row.health_status, reason: row.health_status === 'unhealthy' ? row.health_reason : null, since: iso(row.health_changed_at) };
}

const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);

/**
 * Connected or not, the send rate against the limit, the health mark, last inbound and outbound
 * time, outbound counts over the last hour and day (by creation time), queue depth, the queued
 * messages deferred for quiet hours and the last provider error. Every query is bounded by an index on `channel_id` (messages_channel_health_index,
 * messages_channel_outbox_index, messages_channel_failures_index); the send rate counts messages
 * created in the last day and sent in the last minute.
 * @param em the channel's organization scope.
 * @param channel the channel's row, as the caller already read it (`readChannelRow`).
 */
export async function readChannelHealth(em: EntityManager, channel: ChannelHealthFacts, now: Date): Promise<ChannelHealth> {
  const params = { channel: channel.id };
  const [inbound] = await scopedSql<{ at: Date | null }>(
    em,
    `select max(created_at) as at from messages where organization_id = :organization_id and channel_id = :channel and direction = 'inbound'`,
    params,
  );
  const [outbound] = await scopedSql<{ at: Date | null }>(
    em,
    `select sent_at as at from messages where organization_id = :organization_id and channel_id = :channel and direction = 'outbound' and sent_at is not null
      order by created_at desc limit 1`,
    params,
  );
  const hour = new Date(now.getTime() - 3_600_000);
  const day = new Date(now.getTime() - 86_400_000);
  const [counts] = await scopedSql<CountRow>(
    em,
    `select count(*) filter (where created_at >= :hour and status in ('sent', 'delivered', 'read')) as hour_sent,
            count(*) filter (where created_at >= :hour and status in ('delivered', 'read')) as hour_delivered,
            count(*) filter (where created_at >= :hour and status = 'read') as hour_read,
            count(*) filter (where created_at >= :hour and status = 'failed') as hour_failed,
            count(*) filter (where status in ('sent', 'delivered', 'read')) as day_sent,
            count(*) filter (where status in ('delivered', 'read')) as day_delivered,
            count(*) filter (where status = 'read') as day_read,
            count(*) filter (where status = 'failed') as day_failed,
            count(*) filter (where sent_at >= :minute) as minute_sent
       from messages
      where organization_id = :organization_id and channel_id = :channel and direction = 'outbound' and created_at >= :day and created_at <= :now`,
    { ...params, hour, day, now, minute: new Date(now.getTime() - 60_000) },
  );
  const [queue] = await scopedSql<{ depth: string }>(
    em,
    `select count(*) as depth from messages where organization_id = :organization_id and channel_id = :channel and status = 'queued'`,
    params,
  );
  // A range of messages_channel_outbox_index (the channel's queued rows), like the queue depth.
  const deferred = await scopedSql<{ reason: string; count: string; until: Date }>(
    em,
    `select error_reason as reason, count(*) as count, min(next_attempt_at) as until from messages
      where organization_id = :organization_id and channel_id = :channel and status = 'queued'
        and error_code = 'quiet_hours' and error_reason is not null and next_attempt_at > :now
      group by error_reason order by until limit 10`,
    { ...params, now },
  );
  const [error] = await scopedSql<{ error_code: string | null; error_reason: string | null; failed_at: Date }>(
    em,
    `select error_code, error_reason, failed_at from messages where organization_id = :organization_id and channel_id = :channel and failed_at is not null
      order by failed_at desc limit 1`,
    params,
  );
  const n = (value: string | undefined) => Number(value ?? 0);
  const spacing = channelSpacingMs(channel.kind, channel.settings);
  return {
    connected: await readConnected(em, channel, outbound?.at ? new Date(outbound.at) : null, now),
    sendRate: { perSecond: Math.round((n(counts?.minute_sent) / 60) * 1000) / 1000, limitPerSecond: spacing > 0 ? Math.round((1000 / spacing) * 1000) / 1000 : null },
    health: viewHealthMark(channel),
    lastInboundAt: iso(inbound?.at),
    lastOutboundAt: iso(outbound?.at),
    lastHour: { sent: n(counts?.hour_sent), delivered: n(counts?.hour_delivered), read: n(counts?.hour_read), failed: n(counts?.hour_failed) },
    lastDay: { sent: n(counts?.day_sent), delivered: n(counts?.day_delivered), read: n(counts?.day_read), failed: n(counts?.day_failed) },
    queueDepth: n(queue?.depth),
    deferred: deferred.map((row) => ({ code: 'quiet_hours', reason: row.reason, count: n(row.count), until: new Date(row.until).toISOString() })),
    lastError: error ? { code: error.error_code, reason: error.error_reason, at: new Date(error.failed_at).toISOString() } : null,
  };
}
