import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** What still sends through a channel: running programs' conversations and scheduled broadcasts. */
export interface ChannelUsers {
  programs: { id: string; name: string }[];
  broadcasts: { id: string; sendAt: string | null }[];
}

/**
 * Active or paused programs naming the channel (`programs.channel_id`), or naming none while it
 * is the organization's default, or with an active conversation on it (its messages went through
 * it), and scheduled broadcasts naming it or holding queued messages on it (up to 10 of each).
 */
export async function findChannelUsers(em: EntityManager, channelId: string): Promise<ChannelUsers> {
  const programs = await scopedSql<{ id: string; name: string }>(
    em,
    `select p.id, p.name from programs p
       join organizations o on o.id = p.organization_id
      where p.organization_id = :organization_id and p.status in ('active', 'paused')
        and (p.channel_id = :channel
             or (p.channel_id is null and o.settings->>'defaultChannelId' = cast(:channel as text))
             or exists (select 1 from worker_assignments wa
                      join conversations c on c.worker_assignment_id = wa.id and c.organization_id = wa.organization_id and c.status = 'active'
                     where wa.organization_id = :organization_id and wa.program_id = p.id
                       and exists (select 1 from messages m where m.channel_id = :channel and m.conversation_id = c.id)))
      order by p.name limit 10`,
    { channel: channelId },
  );
  const broadcasts = await scopedSql<{ id: string; send_at: Date | null }>(
    em,
    `select b.id, b.send_at from broadcasts b
      where b.organization_id = :organization_id and b.status = 'scheduled'
        and (b.channel_id = :channel
             or exists (select 1 from messages m where m.broadcast_id = b.id and m.channel_id = :channel and m.status = 'queued'))
      order by b.send_at limit 10`,
    { channel: channelId },
  );
  return { programs, broadcasts: broadcasts.map((b) => ({ id: b.id, sendAt: b.send_at ? new Date(b.send_at).toISOString() : null })) };
}
