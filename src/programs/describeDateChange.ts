import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { PROGRAM_START_HOUR } from '../engine/programDates';

/** New dates for a program: undefined leaves one as it is, null clears it. ISO dates. */
export interface DateChange {
  startDate?: string | null;
  endDate?: string | null;
}

/** What moving a program's dates will do, in figures and in words. */
export interface DateChangeEffect {
  /** Conversations of the program running now. */
  runningConversations: number;
  /** Workers enrolled whose first message waits for the start date. */
  waitingWorkers: number;
  /** One sentence per changed date. */
  statements: string[];
}

const longDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Says what a change of the program's dates will do, before it is made: how many running
 * conversations a new end date closes and when, how many enrolled workers a new start date holds
 * or lets go. `at` is now (epoch ms); dates are compared in the organization's timezone.
 */
export async function describeDateChange(em: EntityManager, programId: string, change: DateChange, at: number): Promise<DateChangeEffect> {
  const [row] = await scopedSql<{ running: number; waiting: number; started: number; today: string; zone: string }>(
    em,
    `select (select count(*)::int from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
              where c.organization_id = :organization_id and wa.program_id = :program and c.status = 'active') as running,
            (select count(*)::int from worker_assignments wa
              where wa.organization_id = :organization_id and wa.program_id = :program and wa.status = 'active'
                and not exists (select 1 from conversations c where c.organization_id = :organization_id and c.worker_assignment_id = wa.id)) as waiting,
            (select count(*)::int from worker_assignments wa
              where wa.organization_id = :organization_id and wa.program_id = :program
                and exists (select 1 from conversations c where c.organization_id = :organization_id and c.worker_assignment_id = wa.id)) as started,
            to_char(:at::timestamptz at time zone coalesce(o.settings->>'timezone', 'UTC'), 'YYYY-MM-DD') as today,
            coalesce(o.settings->>'timezone', 'UTC') as zone
       from organizations o where o.id = :organization_id`,
    { program: programId, at: new Date(at) },
  );
  const statements: string[] = [];
  const running = plural(row.running, 'running conversation', 'running conversations');
  if (change.endDate === null) statements.push('Clearing the end date: the program runs until it is completed by hand; nothing closes.');
  else if (change.endDate !== undefined) {
    statements.push(
      change.endDate < row.today
        ? `Moving the end date to ${longDate(change.endDate)}, already past: closes ${running} within a minute, each with the closing message, and refuses later joiners.`
        : `Moving the end date to ${longDate(change.endDate)} closes ${running} then (at the end of that day, ${row.zone} time), each with the closing message, and refuses later joiners from then on.`,
    );
  }
  const waiting = plural(row.waiting, 'enrolled worker', 'enrolled workers');
  if (change.startDate === null) statements.push(`Clearing the start date: ${waiting} not started yet start within five minutes.`);
  else if (change.startDate !== undefined) {
    const already = row.started > 0 ? ` ${plural(row.started, 'worker who already started goes', 'workers who already started go')} on.` : '';
    statements.push(
      change.startDate <= row.today
        ? `Moving the start date to ${longDate(change.startDate)}: ${waiting} not started yet start within five minutes (from ${PROGRAM_START_HOUR}:00 in their local time, after quiet hours).${already}`
        : `Moving the start date to ${longDate(change.startDate)}: ${waiting} not started yet get their first message that day at ${PROGRAM_START_HOUR}:00 in their local time (after quiet hours).${already}`,
    );
  }
  return { runningConversations: row.running, waitingWorkers: row.waiting, statements };
}
