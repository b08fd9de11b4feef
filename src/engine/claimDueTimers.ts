import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { parseRows } from '../db/parseRows';
import { scopedSql } from '../db/tenancy/scopedSql';

const claimedTimerSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  conversation_id: z.string(),
  due_at: z.coerce.date(),
});
export type ClaimedTimer = z.infer<typeof claimedTimerSchema>;

/**
 * Claims up to `limit` due timers for this instance, oldest first, until `until` (its lease): rows
 * another instance is claiming are skipped (SKIP LOCKED) and rows it has claimed are not due to
 * anyone else until their lease ends, so instances share the due timers instead of all reading the
 * same ones. Set-aside timers and those of paused programs (resuming spreads them out,
 * `releasePausedTimers`) are not claimed.
 */
export async function claimDueTimers(em: EntityManager, now: Date, until: Date, limit: number): Promise<ClaimedTimer[]> {
  const rows = await scopedSql(
    em,
    `update timers t set claimed_until = :until
       from (select d.id from timers d
              where d.due_at <= :now and d.set_aside_at is null and (d.claimed_until is null or d.claimed_until <= :now)
                and not exists (select 1 from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
                                  join programs p on p.id = wa.program_id where c.id = d.conversation_id and p.status = 'paused')
              order by d.due_at limit :limit
                for no key update of d skip locked) due
      where t.id = due.id
      returning t.id, t.organization_id, t.conversation_id, t.due_at`,
    { now, until, limit },
  );
  return parseRows(claimedTimerSchema, rows, 'claimed timer').sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
}
