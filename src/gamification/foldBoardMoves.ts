import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Folds every organization's board moves into the board counts (the scheduler's once-per-cluster
 * job, as the system) in ONE statement: the moves are deleted and added to their counts together,
 * so a board read sees each move either as a move or in a count, never both nor neither. A count
 * that falls to zero stays (a board has at most as many rows as points values). Returns how many
 * moves were folded.
 */
export async function foldBoardMoves(system: EntityManager): Promise<number> {
  const [row] = await scopedSql<{ folded: number }>(
    system,
    `with folded as (
       delete from gamification_board_moves returning organization_id, program_id, week_start, points, workers),
     added as (
       insert into gamification_board_counts (organization_id, program_id, week_start, points, workers)
       select organization_id, program_id, week_start, points, sum(workers)::int from folded
        group by organization_id, program_id, week_start, points having sum(workers) <> 0
        order by organization_id, program_id, week_start, points
       on conflict on constraint gamification_board_counts_unique do update set workers = gamification_board_counts.workers + excluded.workers)
     select count(*)::int as folded from folded`,
  );
  return row.folded;
}
