import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

/**
 * Counts one send against the channel's daily cap (UTC days), atomically across instances.
 * @param em an organization scope (the channel's organization).
 * @returns false when the cap for `day` is already reached (nothing counted).
 */
export async function countBaileysSend(em: EntityManager, input: { channelId: string; day: string; cap: number; now: number }): Promise<boolean> {
  const rows = await scopedSql(
    em,
    `insert into baileys_sessions (channel_id, organization_id, state, sent_day, sent_count, updated_at)
     values (:channel_id, :organization_id, 'closed', :day::date, 1, :now)
     on conflict (channel_id) do update set
       sent_count = case when baileys_sessions.sent_day = excluded.sent_day then baileys_sessions.sent_count + 1 else 1 end,
       sent_day = excluded.sent_day
     where baileys_sessions.sent_day is distinct from excluded.sent_day or baileys_sessions.sent_count < :cap
     returning sent_count`,
    { channel_id: input.channelId, day: input.day, cap: input.cap, now: new Date(input.now) },
  );
  return rows.length > 0;
}
