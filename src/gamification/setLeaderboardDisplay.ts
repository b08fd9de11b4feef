import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** How a worker appears on boards: by name, anonymously, or not at all. */
export type LeaderboardDisplay = 'named' | 'anonymous' | 'hidden';

/** Records a worker's choice, and lists or unlists their balance rows with it (one statement). Returns false for an unknown worker. */
export async function setLeaderboardDisplay(em: EntityManager, workerId: string, display: LeaderboardDisplay): Promise<boolean> {
  const [row] = await scopedSql<{ found: number }>(
    em,
    `with worker as (
       update workers set leaderboard_display = :display where organization_id = :organization_id and id = :worker returning id),
     balances as (
       update gamification_balances set listed = :display <> 'hidden' where organization_id = :organization_id and worker_id = :worker),
     weeks as (
       update gamification_weekly_points set listed = :display <> 'hidden' where organization_id = :organization_id and worker_id = :worker)
     select count(*)::int as found from worker`,
    { worker: workerId, display },
  );
  return (row?.found ?? 0) > 0;
}
