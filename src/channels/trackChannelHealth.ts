import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A change of a channel's health mark, to log. */
export type HealthChange = { kind: 'marked_unhealthy'; reason: string } | { kind: 'healthy_again' };

/** The error code on a queued message of a paused channel; its reason reads `channel paused: <reason>`. */
export const CHANNEL_PAUSED = 'channel_paused';

/**
 * A channel-level send failure (bad credentials, blocked number, secrets that cannot be opened):
 * marks the channel unhealthy with `reason`, which pauses its sends (the claim skips unhealthy
 * channels) until a connection check passes. On the change, the channel's queued messages say so
 * (`channel_paused`, "channel paused: <reason>"); they stay queued.
 * @param em the channel's organization scope.
 */
export async function pauseChannelSends(em: EntityManager, channelId: string, reason: string, now: Date): Promise<HealthChange | undefined> {
  const [row] = await scopedSql<{ was: string }>(
    em,
    `update channels c set health_failures = c.health_failures + 1, health_status = 'unhealthy',
            health_reason = case when old.was = 'healthy' then :reason else c.health_reason end,
            health_changed_at = case when old.was = 'healthy' then :now else c.health_changed_at end
       from (select id, health_status as was from channels where organization_id = :organization_id and id = :channel for no key update) old
      where c.organization_id = :organization_id and c.id = old.id
      returning old.was`,
    { channel: channelId, reason, now },
  );
  if (row?.was !== 'healthy') return undefined;
  await scopedSql(
    em,
    `update messages set error_code = :code, error_reason = :text
      where organization_id = :organization_id and channel_id = :channel and status = 'queued'`,
    { channel: channelId, code: CHANNEL_PAUSED, text: `channel paused: ${reason}` },
  );
  return { kind: 'marked_unhealthy', reason };
}

/**
 * A successful send or connection check: resets the failure count and clears an unhealthy mark,
 * which resumes the channel's paused sends (their `channel_paused` note is cleared).
 * A conditional update by primary key that changes nothing (and writes nothing) on a healthy
 * channel, so the hot path pays one index lookup.
 * @param em the channel's organization scope.
 */
export async function noteChannelSuccess(em: EntityManager, channelId: string, now: Date): Promise<HealthChange | undefined> {
  const [row] = await scopedSql<{ was: string }>(
    em,
    `update channels c set health_failures = 0, health_status = 'healthy', health_reason = null,
            health_changed_at = case when c.health_status = 'unhealthy' then :now else c.health_changed_at end
       from (select id, health_status as was from channels where organization_id = :organization_id and id = :channel
              and (health_failures > 0 or health_status = 'unhealthy') for no key update) old
      where c.organization_id = :organization_id and c.id = old.id
      returning old.was`,
    { channel: channelId, now },
  );
  if (row?.was !== 'unhealthy') return undefined;
  await scopedSql(
    em,
    `update messages set error_code = null, error_reason = null
      where organization_id = :organization_id and channel_id = :channel and status = 'queued' and error_code = :code`,
    { channel: channelId, code: CHANNEL_PAUSED },
  );
  return { kind: 'healthy_again' };
}
