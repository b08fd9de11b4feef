import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A worker's points per program (null: organization-wide entries), from the kept balances. */
export async function readWorkerBalances(em: EntityManager, workerId: string): Promise<{ programId: string | null; points: number }[]> {
  const rows = await scopedSql<{ program_id: string | null; points: number }>(
    em,
    'select program_id, points from gamification_balances where organization_id = :organization_id and worker_id = :worker order by program_id nulls first',
    { worker: workerId },
  );
  return rows.map((r) => ({ programId: r.program_id, points: r.points }));
}
