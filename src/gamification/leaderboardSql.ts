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

/**
 * The rows a board ranks, as SQL: one per worker with points above zero, workers who chose to be
 * hidden left out (`listed`, kept on the balance rows). Over one program it reads the kept
 * balances as they are (an index range in points order); over all programs it sums them.
 */
export function eligibleRowsSql(scope: LeaderboardScope, now: number, timezone: string): { sql: string; params: SqlParams } {
  const table = scope.period === 'week' ? 'gamification_weekly_points' : 'gamification_balances';
  const filters = [
    'b.organization_id = :organization_id',
    'b.listed',
    ...(scope.period === 'week' ? ['b.week_start = :week::date'] : []),
    ...(scope.programId ? ['b.program_id = :program::uuid'] : []),
    ...(scope.segmentId ? ['exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = b.worker_id and ws.segment_id = :segment::uuid)'] : []),
    ...(scope.attribute ? ['exists (select 1 from workers w where w.organization_id = :organization_id and w.id = b.worker_id and w.attributes @> :attribute::jsonb)'] : []),
  ].join(' and ');
  const sql = scope.programId
    ? `select b.worker_id, b.points from ${table} b where ${filters} and b.points > 0`
    : `select b.worker_id, sum(b.points)::int as points from ${table} b where ${filters} group by b.worker_id having sum(b.points) > 0`;
  return {
    sql,
    params: {
      ...(scope.programId ? { program: scope.programId } : {}),
      ...(scope.period === 'week' ? { week: scope.week ?? weekStart(localDate(now, timezone)) } : {}),
      ...(scope.segmentId ? { segment: scope.segmentId } : {}),
      ...(scope.attribute ? { attribute: JSON.stringify({ [scope.attribute.name]: scope.attribute.value }) } : {}),
    },
  };
}
