import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql, type SqlParams } from '../db/tenancy/scopedSql';
import type { LedgerEntry } from './ledgerEntry';
import { activityKinds } from './activityKinds';
import { boardMovesSql } from './boardMovesSql';
import { localDate, weekStart } from './localPeriods';

/** Whose entries, when, and under which rules. */
export interface LedgerWrite {
  workerId: string;
  /** The program the points count for: given, or the one of the worker's assignment; none for organization-wide entries. */
  program: { assignmentId: string } | { programId: string | null };
  /** Business time, epoch ms. */
  at: number;
  /** The worker's IANA timezone: their day (daily cap) and week (weekly boards). */
  timezone: string;
  ruleVersion: number | null;
  dailyCap: number | null;
  /** The streak's period: whether these entries are the worker's first activity in it is answered. */
  streakPeriod: 'day' | 'week';
}

/** What the statement did. */
export interface LedgerWriteResult {
  inserted: number;
  /** The entries include the worker's first activity of the current streak period (a streak may just have been kept). */
  firstActivityOfPeriod: boolean;
}

/**
 * The ledger write's common table expressions (named parameters, as `scopedSql` takes them): the
 * hot path prepares them with positional ones, with the step's other writes
 * (src/engine/hotLedgerStatement.ts). The worker's entries are found through their index by worker
 * (`gamification_ledger_worker_recent`), the organization checked on each row (see
 * `defineTenantStatement`): a generic plan cannot walk the organization's entries instead.
 */
export const LEDGER_WRITE_CTES = `input as (
       select x.value ->> 'key' as key, x.value ->> 'kind' as kind, (x.value ->> 'points')::int as points, x.value -> 'detail' as detail, x.n
         from jsonb_array_elements(:entries::jsonb) with ordinality as x(value, n)),
     program as (
       select p.id from programs p
        where p.organization_id = :organization_id and p.gamification_enabled
          and p.id = coalesce(:program::uuid, (select wa.program_id from worker_assignments wa where (wa.organization_id = :organization_id) is true and wa.id = :assignment::uuid))
       union all select null::uuid where :program::uuid is null and :assignment::uuid is null),
     earned as (
       select coalesce(sum(points), 0)::int as today from gamification_ledger
        where (organization_id = :organization_id) is true and worker_id = :worker and points > 0 and reverses_id is null
          and occurred_at > :since and (occurred_at at time zone :timezone)::date = :day::date),
     capped as (
       select i.key, i.kind, i.detail,
              case when :cap::int is null then i.points
                   else greatest(0, least(i.points, :cap::int - e.today
                     - coalesce(sum(i.points) over (order by i.n rows between unbounded preceding and 1 preceding), 0)::int)) end as points
         from input i cross join earned e),
     inserted as (
       insert into gamification_ledger (organization_id, worker_id, program_id, kind, points, idempotency_key, occurred_at, week_start, rule_version, detail)
       select :organization_id, :worker, program.id, c.kind, c.points, c.key, :at, :week::date, :version::int, c.detail from capped c cross join program
       on conflict (organization_id, idempotency_key) do nothing
       returning program_id, points, kind),
     active_before as (
       select exists (select 1 from gamification_ledger
                       where (organization_id = :organization_id) is true and worker_id = :worker and occurred_at > :periodSince
                         and (occurred_at at time zone :timezone)::date >= :periodStart::date
                         and kind in (select jsonb_array_elements_text(:activityKinds::jsonb))) as active),
     total as (select program_id, sum(points)::int as points, count(*)::int as entries from inserted group by program_id),
     listed as (select w.leaderboard_display <> 'hidden' as listed from workers w where (w.organization_id = :organization_id) is true and w.id = :worker),
     balance as (
       insert into gamification_balances (organization_id, worker_id, program_id, points, listed, updated_at)
       select :organization_id, :worker, program_id, points, listed, :at from total cross join listed where points <> 0
       on conflict on constraint gamification_balances_unique
       do update set points = gamification_balances.points + excluded.points, updated_at = excluded.updated_at
       returning program_id, null::date as week_start, points, listed),
     week as (
       insert into gamification_weekly_points (organization_id, worker_id, program_id, week_start, points, listed)
       select :organization_id, :worker, program_id, :week::date, points, listed from total cross join listed where points <> 0
       on conflict on constraint gamification_weekly_points_unique
       do update set points = gamification_weekly_points.points + excluded.points
       returning program_id, week_start, points, listed),
     board_changes as (
       select b.program_id, b.week_start, b.points - t.points as points_before, b.points as points_after, b.listed as listed_before, b.listed as listed_after
         from (select * from balance union all select * from week) b join total t on t.program_id = b.program_id),
     board_moves as (${boardMovesSql('board_changes')})`;

/** What the ledger write answers (`LedgerWriteResult`), from its CTEs. */
export const LEDGER_WRITE_ANSWER = `coalesce((select sum(entries) from total), 0)::int as inserted,
            not (select active from active_before)
              and exists (select 1 from inserted where kind in (select jsonb_array_elements_text(:activityKinds::jsonb))) as "firstActivityOfPeriod"`;

/** The ledger write's SQL, as the ORM path runs it. */
export const LEDGER_WRITE_SQL = `with ${LEDGER_WRITE_CTES}
     select ${LEDGER_WRITE_ANSWER}`;

/** The first day of the streak period the write's `at` falls in, in the worker's timezone (`YYYY-MM-DD`). */
export function streakPeriodStart(write: Pick<LedgerWrite, 'at' | 'timezone' | 'streakPeriod'>): string {
  const day = localDate(write.at, write.timezone);
  return write.streakPeriod === 'week' ? weekStart(day) : day;
}

/** The parameters of LEDGER_WRITE_SQL for these entries (the organization is the session's). */
export function ledgerWriteParams(entries: readonly LedgerEntry[], write: LedgerWrite): SqlParams {
  const day = localDate(write.at, write.timezone);
  const assignmentId = 'assignmentId' in write.program ? write.program.assignmentId : null;
  const programId = 'programId' in write.program ? write.program.programId : null;
  return {
    entries: JSON.stringify(entries.map((e) => ({ key: e.idempotencyKey, kind: e.kind, points: e.points, detail: e.detail }))),
    worker: write.workerId,
    program: programId,
    assignment: assignmentId,
    at: new Date(write.at),
    since: new Date(write.at - 27 * 3_600_000),
    timezone: write.timezone,
    day,
    week: weekStart(day),
    version: write.ruleVersion,
    cap: write.dailyCap,
    periodStart: streakPeriodStart(write),
    periodSince: new Date(write.at - 8 * 86_400_000),
    activityKinds: JSON.stringify(activityKinds),
  };
}

/**
 * Records entries in ONE statement: a key the organization has already recorded is skipped, a
 * program with gamification off records nothing, the daily cap trims points, and the worker's
 * balance and week total move by what was inserted (kept in the same transaction as the step,
 * so a balance is never behind its ledger), and the program boards' moves are inserted.
 */
export async function recordLedgerEntries(em: EntityManager, entries: readonly LedgerEntry[], write: LedgerWrite): Promise<LedgerWriteResult> {
  if (entries.length === 0) return { inserted: 0, firstActivityOfPeriod: false };
  const [row] = await scopedSql<LedgerWriteResult>(em, LEDGER_WRITE_SQL, ledgerWriteParams(entries, write));
  return row;
}
