import type { SqlParams } from '../db/tenancy/scopedSql';
import { localDate, weekStart } from './localPeriods';

/** Which workers a board ranks, over which period. */
export interface LeaderboardScope {
  /** The program whose points count; all programs when absent. */
  programId?: string;
  /** Only members of this segment. */
  segmentId?: string;
  /** Only workers with this attribute value (a site, a team). */
  attribute?: { name: string; value: string };
  period: 'week' | 'allTime';
  /** Monday of the week (`YYYY-MM-DD`); the current week of `timezone` when absent. */
  week?: string;
}

/** A board of a segment's or an attribute's members: read from its members, then counted row by row. */
export function isMembersBoard(scope: LeaderboardScope): boolean {
  return scope.segmentId !== undefined || scope.attribute !== undefined;
}

/** A program's whole board: its total and ranks are read from the board counts, not counted row by row. */
export function isCountedBoard(scope: LeaderboardScope): boolean {
  return scope.programId !== undefined && !isMembersBoard(scope);
}

/**
 * How a board's reads hold its rows: a members board's rows are gathered once (top, total and
 * rank read them); the others stay an index range read only as far as the top needs.
 */
export function eligibleCteSql(scope: LeaderboardScope, eligible: string): string {
  return `eligible as ${isMembersBoard(scope) ? 'materialized' : 'not materialized'} (${eligible})`;
}

/**
 * The rows a board ranks, as SQL: one per worker with points above zero, workers who chose to be
 * hidden left out (`listed`, kept on the balance rows). Over one program it reads the kept
 * balances as they are (an index range in points order); over all programs it sums them. An
 * attribute's board (a site, a team: a few hundred workers) is read from its members first (the
 * attribute's index), each member's balance then found by its key, so a site of a large program
 * costs its own size. A segment can be most of a program: its board is the program's rows joined
 * with its members, the planner choosing between a lookup per member and one pass over the board.
 */
export function eligibleRowsSql(scope: LeaderboardScope, now: number, timezone: string): { sql: string; params: SqlParams } {
  const table = scope.period === 'week' ? 'gamification_weekly_points' : 'gamification_balances';
  const inSegment = 'select ws.worker_id from worker_segment ws where ws.organization_id = :organization_id and ws.segment_id = :segment::uuid';
  const filters = [
    'b.organization_id = :organization_id',
    'b.listed',
    ...(scope.period === 'week' ? ['b.week_start = :week::date'] : []),
    ...(scope.programId ? ['b.program_id = :program::uuid'] : []),
  ].join(' and ');
  const params: SqlParams = {
    ...(scope.programId ? { program: scope.programId } : {}),
    ...(scope.period === 'week' ? { week: scope.week ?? weekStart(localDate(now, timezone)) } : {}),
    ...(scope.segmentId ? { segment: scope.segmentId } : {}),
    ...(scope.attribute ? { attribute: JSON.stringify({ [scope.attribute.name]: scope.attribute.value }) } : {}),
  };
  if (!scope.attribute) {
    const where = scope.segmentId ? `${filters} and b.worker_id in (${inSegment})` : filters;
    const sql = scope.programId
      ? `select b.worker_id, b.points from ${table} b where ${where} and b.points > 0`
      : `select b.worker_id, sum(b.points)::int as points from ${table} b where ${where} group by b.worker_id having sum(b.points) > 0`;
    return { sql, params };
  }
  const members = `select w.id from workers w where w.organization_id = :organization_id and w.attributes @> :attribute::jsonb${scope.segmentId ? ` and w.id in (${inSegment})` : ''}`;
  // `limit 1` (a worker has one balance row per program and period) keeps the lateral join a
  // lookup per member: without it the planner flattens it into a join over the whole program.
  const balance = scope.programId
    ? `select b.points from ${table} b where ${filters} and b.worker_id = m.id and b.points > 0 limit 1`
    : `select sum(b.points)::int as points from ${table} b where ${filters} and b.worker_id = m.id having sum(b.points) > 0`;
  return { sql: `select m.id as worker_id, b.points from (${members}) m cross join lateral (${balance}) b`, params };
}

/**
 * SQL for how many listed workers of a counted board hold more than `above` points (an SQL
 * expression): the folded counts plus the moves not folded yet, a sum over a few hundred rows
 * whatever the number of workers. Takes the parameters of `eligibleRowsSql`.
 */
export function countedWorkersAboveSql(scope: LeaderboardScope, above: string): string {
  const board = `organization_id = :organization_id and program_id = :program::uuid and ${scope.period === 'week' ? 'week_start = :week::date' : 'week_start is null'} and points > ${above}`;
  return `(select coalesce(sum(workers), 0)::int from (
             select workers from gamification_board_counts where ${board}
             union all select workers from gamification_board_moves where ${board}) counted)`;
}
