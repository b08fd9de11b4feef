import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { foldBoardMoves } from '../gamification/foldBoardMoves';

/** The bench's organization: its program, a segment of a tenth of the workers, and an EntityManager scoped to it. */
export interface LeaderboardProgram {
  em: EntityManager;
  programId: string;
  segmentId: string;
}

/**
 * A program of `workers` workers over 100 sites (one in 50 hidden, one in 10 anonymous), five quiz
 * answers each over ten days, loaded in bulk SQL: the ledger, then the balances and week totals as
 * the steps keep them, their board moves as one row per points value, folded by the job's function.
 */
export async function seedLeaderboardProgram(root: EntityManager, workers: number, now: number): Promise<LeaderboardProgram> {
  const organizationId = randomUUID();
  const programId = randomUUID();
  const segmentId = randomUUID();
  const em = forOrganization(root, organizationId);
  await root.getConnection().execute(`insert into organizations (id, name, type, subscription_tier) values (?, 'Leaderboard bench', 'client', 'premium')`, [organizationId]);
  await scopedSql(em, `insert into programs (id, organization_id, name) values (:program, :organization_id, 'Bench program')`, { program: programId });
  await scopedSql(em, `insert into segments (id, organization_id, name) values (:segment, :organization_id, 'Bench segment')`, { segment: segmentId });
  await scopedSql(
    em,
    `insert into workers (id, organization_id, full_name, phone_number, attributes, leaderboard_display)
     select gen_random_uuid(), :organization_id, 'Worker ' || i, '+1555' || lpad(i::text, 7, '0'), jsonb_build_object('site', 'Store ' || (i % 100)),
            case when i % 50 = 0 then 'hidden' when i % 10 = 0 then 'anonymous' else 'named' end
       from generate_series(1, :count::int) i`,
    { count: workers },
  );
  await scopedSql(
    em,
    `insert into worker_segment (worker_id, segment_id, organization_id)
     select id, :segment, :organization_id from workers where organization_id = :organization_id and right(phone_number, 1) = '7'`,
    { segment: segmentId },
  );
  await scopedSql(
    em,
    `insert into gamification_ledger (organization_id, worker_id, program_id, kind, points, idempotency_key, occurred_at, week_start)
     select :organization_id, w.id, :program, 'quizAnswered', (abs(hashtext(w.id::text || n)) % 20) + 1, 'bench:' || w.id || ':' || n,
            :now::timestamptz - (n * interval '2 days'), date_trunc('week', :now::timestamptz - (n * interval '2 days'))::date
       from workers w cross join generate_series(0, 4) n where w.organization_id = :organization_id`,
    { program: programId, now: new Date(now) },
  );
  await scopedSql(
    em,
    `insert into gamification_balances (organization_id, worker_id, program_id, points, listed)
     select :organization_id, l.worker_id, l.program_id, sum(l.points), bool_and(w.leaderboard_display <> 'hidden')
       from gamification_ledger l join workers w on w.id = l.worker_id where l.organization_id = :organization_id group by l.worker_id, l.program_id`,
  );
  await scopedSql(
    em,
    `insert into gamification_weekly_points (organization_id, worker_id, program_id, week_start, points, listed)
     select :organization_id, l.worker_id, l.program_id, l.week_start, sum(l.points), bool_and(w.leaderboard_display <> 'hidden')
       from gamification_ledger l join workers w on w.id = l.worker_id where l.organization_id = :organization_id group by l.worker_id, l.program_id, l.week_start`,
  );
  await scopedSql(
    em,
    `insert into gamification_board_moves (organization_id, program_id, week_start, points, workers)
     select :organization_id::uuid, program_id, null::date, points, count(*) from gamification_balances where organization_id = :organization_id and listed and points > 0 group by program_id, points
     union all
     select :organization_id::uuid, program_id, week_start, points, count(*) from gamification_weekly_points where organization_id = :organization_id and listed and points > 0 group by program_id, week_start, points`,
  );
  await foldBoardMoves(asSystem(root, 'bench: fold the loaded board moves'));
  // What autovacuum does to a table that has settled: statistics and the visibility map.
  await root.getConnection().execute('vacuum analyze workers, worker_segment, gamification_balances, gamification_weekly_points, gamification_board_counts');
  return { em, programId, segmentId };
}
