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
 * The rows a board ranks, as SQL: one per worker, with points above zero, active workers only,
 * hidden ones left out (a worker's opt-out). Over one program it reads the kept balances as they
 * are (one row per worker: an index range in points order); over all programs it sums them.
 */
export function eligibleRowsSql(scope: LeaderboardScope, now: number, timezone: string): { sql: string; params: SqlParams } {
  const table = scope.period === 'week' ? 'gamification_weekly_points' : 'gamification_balances';
  const week = scope.period === 'week' ? 'and b.week_start = :week::date' : '';
  const source = scope.programId
    ? `(select b.worker_id, b.points from ${table} b where b.organization_id = :organization_id and b.program_id = :program::uuid ${week})`
    : `(select b.worker_id, sum(b.points)::int as points from ${table} b where b.organization_id = :organization_id ${week} group by b.worker_id)`;
  const segment = scope.segmentId
    ? 'and exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id and ws.segment_id = :segment::uuid)'
    : '';
  const attribute = scope.attribute ? 'and w.attributes ->> :attributeName::text = :attributeValue::text' : '';
  return {
    sql: `select s.worker_id, s.points from ${source} s join workers w on w.organization_id = :organization_id and w.id = s.worker_id
           where s.points > 0 and w.status = 'active' and w.leaderboard_display <> 'hidden' ${segment} ${attribute}`,
    params: {
      ...(scope.programId ? { program: scope.programId } : {}),
      ...(scope.period === 'week' ? { week: scope.week ?? weekStart(localDate(now, timezone)) } : {}),
      ...(scope.segmentId ? { segment: scope.segmentId } : {}),
      ...(scope.attribute ? { attributeName: scope.attribute.name, attributeValue: scope.attribute.value } : {}),
    },
  };
}
