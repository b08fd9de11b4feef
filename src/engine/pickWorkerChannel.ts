import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * The channel to reach a worker on when no inbound message says: the one they last wrote on,
 * else the organization's default channel, else its oldest active channel.
 */
export async function pickWorkerChannel(em: EntityManager, workerId: string): Promise<string | undefined> {
  const [row] = await scopedSql<{ channel_id: string | null }>(
    em,
    `select coalesce(
       (select m.channel_id from messages m
         where m.organization_id = :organization_id and m.worker_id = :worker and m.direction = 'inbound'
         order by m.seq desc limit 1),
       (select c.id from channels c join organizations o on o.id = c.organization_id
         where c.organization_id = :organization_id and c.status = 'active' and c.id::text = o.settings->>'defaultChannelId'),
       (select c.id from channels c where c.organization_id = :organization_id and c.status = 'active' order by c.created_at limit 1)
     ) as channel_id`,
    { worker: workerId },
  );
  return row?.channel_id ?? undefined;
}

/** When the worker last wrote, epoch ms, for the WhatsApp 24-hour window; undefined if never. */
export async function lastInboundAt(em: EntityManager, workerId: string): Promise<number | undefined> {
  const [row] = await scopedSql<{ at: Date | null }>(
    em,
    `select max(created_at) as at from messages
      where organization_id = :organization_id and worker_id = :worker and direction = 'inbound'`,
    { worker: workerId },
  );
  return row?.at ? new Date(row.at).getTime() : undefined;
}
