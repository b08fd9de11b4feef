import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

interface CountedSend {
  channelId: string;
  /** The UTC day counted (`YYYY-MM-DD`). */
  day: string;
}

/**
 * Counts one send against the channel's daily cap (UTC days), atomically across instances.
 * @param em an organization scope (the channel's organization).
 * @returns false when the cap for `day` is already reached (nothing counted).
 */
export async function countBaileysSend(em: EntityManager, input: CountedSend & { cap: number; now: number }): Promise<boolean> {
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

/**
 * Gives back a counted send that surely reached no one (media refused or not fetched, a template): the
 * cap is what WhatsApp saw sent, so a failure before anything left does not spend it.
 * @param em an organization scope (the channel's organization).
 */
export async function uncountBaileysSend(em: EntityManager, input: CountedSend): Promise<void> {
  await scopedSql(
    em,
    `update baileys_sessions set sent_count = sent_count - 1
      where organization_id = :organization_id and channel_id = :channel_id and sent_day = :day::date and sent_count > 0`,
    { channel_id: input.channelId, day: input.day },
  );
}
