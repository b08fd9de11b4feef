import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { countedWorkersAboveSql, eligibleCteSql, eligibleRowsSql, isCountedBoard, type LeaderboardScope } from './leaderboardSql';

/** One place on a board; `name` is null for a worker who chose to appear anonymously, or when names are not shown. */
export interface LeaderboardRow {
  rank: number;
  workerId: string;
  name: string | null;
  points: number;
}

export interface Leaderboard {
  /** Workers on the board. */
  total: number;
  rows: LeaderboardRow[];
}

/**
 * The top of a board: ties share a rank (1, 2, 2, 4), then by worker id for a stable order. A
 * program's whole board takes its total from the board counts; a narrower one counts its rows.
 * `showNames` false (the organization's choice) shows no names at all.
 */
export async function readLeaderboard(em: EntityManager, scope: LeaderboardScope, options: { limit: number; showNames: boolean; now: number; timezone: string }): Promise<Leaderboard> {
  const eligible = eligibleRowsSql(scope, options.now, options.timezone);
  const total = isCountedBoard(scope) ? countedWorkersAboveSql(scope, '0') : '(select count(*) from eligible)::int';
  const rows = await scopedSql<{ worker_id: string; points: number; rank: number; total: number; name: string | null }>(
    em,
    `with ${eligibleCteSql(scope, eligible.sql)},
     top as (select worker_id, points from eligible order by points desc, worker_id limit :limit)
     select t.worker_id, t.points, (rank() over (order by t.points desc))::int as rank, ${total} as total,
            case when :showNames::boolean and w.leaderboard_display = 'named' then w.full_name end as name
       from top t join workers w on w.organization_id = :organization_id and w.id = t.worker_id
      order by t.points desc, t.worker_id`,
    { ...eligible.params, limit: options.limit, showNames: options.showNames },
  );
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({ rank: r.rank, workerId: r.worker_id, name: r.name, points: r.points })),
  };
}

/** A worker's own place on a board (from the board counts on a program's whole board); null when they are not on it (no points yet, or hidden). */
export async function readOwnRank(em: EntityManager, workerId: string, scope: LeaderboardScope, now: number, timezone: string): Promise<{ rank: number; total: number; points: number } | null> {
  const eligible = eligibleRowsSql(scope, now, timezone);
  const counted = isCountedBoard(scope);
  const above = counted ? countedWorkersAboveSql(scope, 'me.points') : '(select count(*) from eligible e where e.points > me.points)::int';
  const total = counted ? countedWorkersAboveSql(scope, '0') : '(select count(*) from eligible)::int';
  const [row] = await scopedSql<{ rank: number; total: number; points: number }>(
    em,
    `with ${eligibleCteSql(scope, eligible.sql)},
     me as (select points from eligible where worker_id = :worker)
     select me.points, ${above} + 1 as rank, ${total} as total from me`,
    { ...eligible.params, worker: workerId },
  );
  return row ?? null;
}
