import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { boardMovesSql } from './boardMovesSql';

/** What to take back: chosen entries (an admin correction) or every entry of a worker (erasure). */
export type ReversalTarget = { entryIds: string[] } | { workerId: string };

/**
 * Takes points back with compensating entries (kind `reversal`, the negated points, `reverses_id`
 * naming the original; an entry is reversed once at most), never by editing the ledger. Balances,
 * the original's week and the program boards' moves follow in the same statement. Returns how many entries were reversed.
 */
export async function reverseLedgerEntries(em: EntityManager, target: ReversalTarget, reason: string, at: number): Promise<number> {
  const [row] = await scopedSql<{ reversed: number }>(
    em,
    `with target as (
       select l.id, l.worker_id, l.program_id, l.points, l.week_start from gamification_ledger l
        where l.organization_id = :organization_id and l.reverses_id is null
          and (l.id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid) or l.worker_id = :worker::uuid)
          and not exists (select 1 from gamification_ledger r where r.organization_id = :organization_id and r.reverses_id = l.id)),
     inserted as (
       insert into gamification_ledger (organization_id, worker_id, program_id, kind, points, idempotency_key, occurred_at, week_start, reverses_id, detail)
       select :organization_id, worker_id, program_id, 'reversal', -points, 'reversal:' || id, :at, week_start, id, jsonb_build_object('reason', :reason::text)
         from target
       on conflict do nothing
       returning worker_id, program_id, week_start, points),
     balance as (
       update gamification_balances b set points = b.points + t.points, updated_at = :at
         from (select worker_id, program_id, sum(points)::int as points from inserted group by worker_id, program_id) t
        where b.organization_id = :organization_id and b.worker_id = t.worker_id and b.program_id is not distinct from t.program_id
        returning b.program_id, null::date as week_start, b.points - t.points as points_before, b.points as points_after, b.listed as listed_before, b.listed as listed_after),
     week as (
       update gamification_weekly_points w set points = w.points + t.points
         from (select worker_id, program_id, week_start, sum(points)::int as points from inserted group by worker_id, program_id, week_start) t
        where w.organization_id = :organization_id and w.worker_id = t.worker_id and w.program_id is not distinct from t.program_id and w.week_start = t.week_start
        returning w.program_id, w.week_start, w.points - t.points as points_before, w.points as points_after, w.listed as listed_before, w.listed as listed_after),
     board_moves as (${boardMovesSql('(select * from balance union all select * from week)')})
     select count(*)::int as reversed from inserted`,
    {
      ids: JSON.stringify('entryIds' in target ? target.entryIds : []),
      worker: 'workerId' in target ? target.workerId : null,
      reason,
      at: new Date(at),
    },
  );
  return row?.reversed ?? 0;
}
