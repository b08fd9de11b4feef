import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { filterConditions, type AnalyticsFilters } from './analyticsFilters';
import type { MessageCounts } from './loadTouchpointFigures';

/** A touchpoint's messages on one kind of channel. */
export interface ChannelDelivery extends MessageCounts {
  blueprint: string;
  touchpoint: string;
  channelKind: string;
}

/** Messages of each touchpoint by channel kind (twilio, cloud_api, baileys, console) and where they stand. */
export async function loadDeliveryByChannel(em: EntityManager, programId: string, filters: AnalyticsFilters): Promise<ChannelDelivery[]> {
  const where = filterConditions(filters, 'f.worker_id', 'f.reached_at');
  const rows = await scopedSql<Record<string, string | number>>(
    em,
    `select f.blueprint_key, f.touchpoint_key, f.channel_kind, sum(f.sent)::int as sent, sum(f.delivered)::int as delivered, sum(f.read)::int as read,
            sum(f.failed)::int as failed, sum(f.queued)::int as queued, sum(f.held_quiet_hours)::int as held_quiet_hours,
            sum(f.held_window_closed)::int as held_window_closed, sum(f.held_other)::int as held_other
       from analytics_touchpoint_facts f
      where f.organization_id = :organization_id and f.program_id = :program and f.channel_kind is not null and ${where.sql}
      group by f.blueprint_key, f.touchpoint_key, f.channel_kind order by min(f.position), f.channel_kind`,
    { program: programId, ...where.params },
  );
  return rows.map((row) => ({
    blueprint: String(row.blueprint_key), touchpoint: String(row.touchpoint_key), channelKind: String(row.channel_kind),
    sent: Number(row.sent), delivered: Number(row.delivered), read: Number(row.read), failed: Number(row.failed), queued: Number(row.queued),
    heldQuietHours: Number(row.held_quiet_hours), heldWindowClosed: Number(row.held_window_closed), heldOther: Number(row.held_other),
  }));
}
