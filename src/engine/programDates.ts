import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** The worker's local hour at which a program with a start date sends its first message that day. */
export const PROGRAM_START_HOUR = 9;

/** SQL: program `p` has started at `:at` for a worker in `timezone` (SQL): it has no start date, or their local morning of that date has come. */
export function programStartedInSql(timezone: string): string {
  return `(p.start_date is null
  or (p.start_date + make_time(${PROGRAM_START_HOUR}, 0, 0)) at time zone ${timezone} <= :at::timestamptz)`;
}

/**
 * SQL: program `p` has started for worker `w` at `:at` — it has no start date, or the worker's
 * local morning of that date (their timezone, else the organization `o`'s, else UTC) has come.
 * Quiet hours that last past that hour hold the first message further (the dispatcher holds
 * proactive messages until they end).
 */
export const programStartedSql = programStartedInSql(`coalesce(w.timezone, o.settings->>'timezone', 'UTC')`);

/**
 * SQL (`:organization_id`, `:worker`): the worker's timezone as `programStartedSql` takes it, one
 * value (evaluated once in a statement): a statement that needs nothing else of the worker and
 * the organization plans two relations fewer in its join.
 */
export const WORKER_TIMEZONE_SQL = `(select coalesce(w.timezone, o.settings->>'timezone', 'UTC') from workers w join organizations o on o.id = w.organization_id
    where (w.organization_id = :organization_id) is true and w.id = :worker)`;

/**
 * SQL: program `p` of organization `o` has ended at `:at` — the whole of its end date has passed
 * in the organization's timezone (else UTC).
 */
export const programEndedSql = `(p.end_date is not null
  and (p.end_date + 1)::timestamp at time zone coalesce(o.settings->>'timezone', 'UTC') <= :at::timestamptz)`;

/** Whether the program (of the scope's organization) has passed its end date: late joiners are refused. */
export async function hasProgramEnded(em: EntityManager, programId: string, at: number): Promise<boolean> {
  const rows = await scopedSql(
    em,
    `select 1 from programs p join organizations o on o.id = p.organization_id where p.organization_id = :organization_id and p.id = :id and ${programEndedSql}`,
    { id: programId, at: new Date(at) },
  );
  return rows.length > 0;
}
