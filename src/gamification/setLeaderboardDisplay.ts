import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { boardMovesSql } from './boardMovesSql';

/** How a worker appears on boards: by name, anonymously, or not at all. */
export type LeaderboardDisplay = 'named' | 'anonymous' | 'hidden';

/**
 * Records a worker's choice, and lists or unlists their balance rows with it, moving the program
 * boards' counts (one statement). Returns false for an unknown worker.
 */
export async function setLeaderboardDisplay(em: EntityManager, workerId: string, display: LeaderboardDisplay): Promise<boolean> {
  const [row] = await scopedSql<{ found: number }>(
    em,
    `with worker as (
       update workers set leaderboard_display = :display where organization_id = :organization_id and id = :worker returning id),
     balances as (
       update gamification_balances set listed = :listed where organization_id = :organization_id and worker_id = :worker and listed <> :listed
       returning program_id, null::date as week_start, points as points_before, points as points_after, not listed as listed_before, listed as listed_after),
     weeks as (
       update gamification_weekly_points set listed = :listed where organization_id = :organization_id and worker_id = :worker and listed <> :listed
       returning program_id, week_start, points as points_before, points as points_after, not listed as listed_before, listed as listed_after),
     board_moves as (${boardMovesSql('(select * from balances union all select * from weeks)')})
     select count(*)::int as found from worker`,
    { worker: workerId, display, listed: display !== 'hidden' },
  );
  return (row?.found ?? 0) > 0;
}
