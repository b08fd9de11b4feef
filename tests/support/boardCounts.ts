/**
 * SQL comparing every program board's counts (folded counts plus moves not folded yet) with a
 * recount of the listed balances above zero: `mismatched` is 0 when they agree; `boardValues` says
 * how many (board, points value) pairs the recount found, so an empty comparison shows.
 */
export const boardCountsAgainstBalancesSql = `with kept as (
    select program_id, week_start, points, sum(workers)::int as workers from (
      select program_id, week_start, points, workers from gamification_board_counts where organization_id = :organization_id
      union all select program_id, week_start, points, workers from gamification_board_moves where organization_id = :organization_id) x
     group by 1, 2, 3 having sum(workers) <> 0),
  recount as (
    select program_id, null::date as week_start, points, count(*)::int as workers from gamification_balances
     where organization_id = :organization_id and listed and points > 0 and program_id is not null group by 1, 3
    union all
    select program_id, week_start, points, count(*)::int from gamification_weekly_points
     where organization_id = :organization_id and listed and points > 0 and program_id is not null group by 1, 2, 3)
  select (select count(*) from ((select * from kept except select * from recount) union all (select * from recount except select * from kept)) d)::int as mismatched,
         (select count(*) from recount)::int as "boardValues"`;
