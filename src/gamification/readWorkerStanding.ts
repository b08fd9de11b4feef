import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { activityKinds } from './activityKinds';
import { computeStreak, type Streak, type StreakRules } from './computeStreak';
import { loadActiveRules } from './loadActiveRules';

/** Where a worker stands: points in all and their streak. */
export interface WorkerStanding {
  points: number;
  streak: Streak;
  period: StreakRules['period'];
  /** The worker's IANA timezone (their own, else the organization's). */
  timezone: string;
  /** Points for each period the streak is kept (the active rules). */
  keptPoints: number;
}

/** A streak older than this cannot still be alive: activity before it is not read. */
const STREAK_LOOKBACK_MS = 400 * 86_400_000;

/** A worker's points (their balances) and streak (from their ledger's activity, in their timezone) as of `at`. */
export async function readWorkerStanding(em: EntityManager, workerId: string, at: number): Promise<WorkerStanding> {
  const { rules } = await loadActiveRules(em);
  const [row] = await scopedSql<{ points: number; timezone: string; activity: string[] }>(
    em,
    `select (select coalesce(sum(b.points), 0)::int from gamification_balances b where b.organization_id = :organization_id and b.worker_id = w.id) as points,
            coalesce(w.timezone, o.settings ->> 'timezone', 'UTC') as timezone,
            array(select (extract(epoch from l.occurred_at) * 1000)::bigint::text from gamification_ledger l
                   where l.organization_id = :organization_id and l.worker_id = w.id and l.occurred_at > :since and l.occurred_at <= :at
                     and l.kind in (select jsonb_array_elements_text(:kinds::jsonb)) and l.reverses_id is null
                     and not exists (select 1 from gamification_ledger r where r.organization_id = :organization_id and r.reverses_id = l.id)
                   order by l.occurred_at) as activity
       from workers w join organizations o on o.id = w.organization_id
      where w.organization_id = :organization_id and w.id = :worker`,
    { worker: workerId, since: new Date(at - STREAK_LOOKBACK_MS), at: new Date(at), kinds: JSON.stringify(activityKinds) },
  );
  if (!row) throw new Error(`Worker ${workerId} does not exist in this organization`);
  return {
    points: row.points,
    streak: computeStreak(row.activity.map(Number), row.timezone, rules.streak, at),
    period: rules.streak.period,
    timezone: row.timezone,
    keptPoints: rules.streak.keptPoints,
  };
}
