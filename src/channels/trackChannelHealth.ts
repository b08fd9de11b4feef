import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Consecutive channel-level send failures (bad credentials, blocked number) that mark a channel unhealthy. */
const UNHEALTHY_AFTER_FAILURES = 3;

/** A change of a channel's health mark, to log. */
export type HealthChange = { kind: 'marked_unhealthy'; reason: string } | { kind: 'healthy_again' };

/**
 * Counts a channel-level send failure; the third in a row (no successful send between) marks the
 * channel unhealthy with `reason`. One statement in the caller's transaction.
 * @param em the channel's organization scope.
 */
export async function noteChannelFailure(em: EntityManager, channelId: string, reason: string, now: Date): Promise<HealthChange | undefined> {
  const [row] = await scopedSql<{ was: string; status: string }>(
    em,
    `update channels c set health_failures = c.health_failures + 1,
            health_status = case when c.health_failures + 1 >= :limit then 'unhealthy' else c.health_status end,
            health_reason = case when c.health_failures + 1 >= :limit then :reason else c.health_reason end,
            health_changed_at = case when c.health_failures + 1 >= :limit and c.health_status = 'healthy' then :now else c.health_changed_at end
       from (select id, health_status as was from channels where organization_id = :organization_id and id = :channel for no key update) old
      where c.organization_id = :organization_id and c.id = old.id
      returning old.was, c.health_status as status`,
    { channel: channelId, limit: UNHEALTHY_AFTER_FAILURES, reason, now },
  );
  return row && row.was === 'healthy' && row.status === 'unhealthy' ? { kind: 'marked_unhealthy', reason } : undefined;
}

/**
 * A successful send or connection check: resets the failure count and clears an unhealthy mark.
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
  return row?.was === 'unhealthy' ? { kind: 'healthy_again' } : undefined;
}
