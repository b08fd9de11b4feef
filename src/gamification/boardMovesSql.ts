/**
 * A data-modifying CTE body (SQL) recording how changed balance rows move program boards: for a
 * relation `changes` with columns `program_id`, `week_start` (null: the all-time board),
 * `points_before`, `points_after`, `listed_before`, `listed_after`, a `-1` move at the value the
 * row left and a `+1` move at the value it reached, counting only listed rows above zero.
 * Insert-only: two steps never write the same row, so they never wait on each other (counts kept
 * by updating shared rows deadlocked mass enrolments); `foldBoardMoves` folds the moves later.
 */
export function boardMovesSql(changes: string): string {
  return `insert into gamification_board_moves (organization_id, program_id, week_start, points, workers)
       select :organization_id, c.program_id, c.week_start, m.points, m.workers
         from ${changes} c
         cross join lateral (values (c.points_before, -1, c.listed_before), (c.points_after, 1, c.listed_after)) m(points, workers, listed)
        where c.program_id is not null and m.listed and m.points > 0
          and (c.points_before, c.listed_before) is distinct from (c.points_after, c.listed_after)`;
}
