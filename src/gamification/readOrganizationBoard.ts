import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { LeaderboardScope } from './leaderboardSql';
import { weekStart } from './localPeriods';
import { readLeaderboard, type Leaderboard } from './readLeaderboard';

/** What a caller asks a board for: an attribute as `name:value` (e.g. `site:Store 14`). */
export interface BoardRequest {
  programId?: string;
  segmentId?: string;
  attribute?: string;
  period: 'week' | 'allTime';
  week?: string;
  limit: number;
}

/** The board scope of a request: `site:Store 14` → the attribute `site` with the value `Store 14`; any day of a week → its Monday, the key weeks are kept under. */
export function boardScopeOf(request: BoardRequest): LeaderboardScope {
  const [name, ...value] = request.attribute?.split(':') ?? [];
  return {
    period: request.period,
    programId: request.programId,
    segmentId: request.segmentId,
    week: request.week && weekStart(request.week),
    ...(request.attribute ? { attribute: { name, value: value.join(':') } } : {}),
  };
}

/** A board as staff see it (names shown), weeks in the organization's timezone. */
export async function readOrganizationBoard(em: EntityManager, request: BoardRequest, now: number): Promise<Leaderboard> {
  const [org] = await scopedSql<{ timezone: string }>(em, "select coalesce(settings ->> 'timezone', 'UTC') as timezone from organizations where id = :organization_id");
  return readLeaderboard(em, boardScopeOf(request), { limit: request.limit, showNames: true, now, timezone: org.timezone });
}
