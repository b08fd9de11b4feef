import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { ChannelKind } from '../channels/channelTypes';

/** What `readConnected` needs of the channel row. */
export interface ConnectionFacts {
  id: string;
  kind: ChannelKind;
  health_status: 'healthy' | 'unhealthy';
  /** The last connection check, and whether it passed (null: never checked). */
  verified_at: Date | null;
  verify_ok: boolean | null;
}

/**
 * Whether the channel can send now, as far as the engine knows. Console: always. Baileys: the
 * socket holder recorded `open` and its lease is still current (a dead holder's stale `open` does
 * not count). Twilio and Cloud API: not marked unhealthy, and the last connection check passed, or
 * a send went through after it failed (or it never ran).
 * @param lastSentAt the channel's latest successful send, if any.
 * @param em the channel's organization scope.
 */
export async function readConnected(em: EntityManager, channel: ConnectionFacts, lastSentAt: Date | null, now: Date): Promise<boolean> {
  if (channel.kind === 'console') return true;
  if (channel.kind === 'baileys') {
    const [row] = await scopedSql<{ state: string; expires_at: Date | null }>(
      em,
      `select s.state, l.expires_at from baileys_sessions s
         left join baileys_leases l on l.channel_id = s.channel_id and l.organization_id = s.organization_id
        where s.organization_id = :organization_id and s.channel_id = :channel`,
      { channel: channel.id },
    );
    return row?.state === 'open' && row.expires_at !== null && new Date(row.expires_at).getTime() > now.getTime();
  }
  if (channel.health_status === 'unhealthy') return false;
  if (channel.verify_ok !== false || !channel.verified_at) return true;
  return lastSentAt !== null && lastSentAt.getTime() > new Date(channel.verified_at).getTime();
}
