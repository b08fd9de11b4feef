import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { filterConditions, type AnalyticsFilters } from './analyticsFilters';

/** Outbound messages of a touchpoint by where they stand. `sent` counts every message that left (delivered and read included). */
export interface MessageCounts {
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  /** Waiting for a send slot or a retry. */
  queued: number;
  /** Deferred to the end of the organization's quiet hours. */
  heldQuietHours: number;
  /** Not sent: the 24-hour window was closed and no template fits. */
  heldWindowClosed: number;
  heldOther: number;
}

/** One touchpoint's figures over the filtered workers. */
export interface TouchpointFigures {
  blueprint: string;
  touchpoint: string;
  type: string;
  /** Workers whose message of this touchpoint was sent (not only queued or held). */
  reached: number;
  /** Of those, workers who completed it (answered, or read content that needs no answer). */
  completed: number;
  /** Workers who answered (quiz, question, reflection, well-being). */
  answered: number;
  firstTryCorrect: number;
  eventuallyCorrect: number;
  /** Quizzes closed without a right answer: the attempts ran out or the question timed out. */
  missed: number;
  /** Average and largest number of answers given to it (one not understood counts, as does a remedial loop's next try). */
  attemptsAverage: number | null;
  attemptsMax: number | null;
  /** Median seconds from the question being asked to the answer. */
  medianSecondsToAnswer: number | null;
  /** Workers still enrolled for whom this is the last touchpoint reached. */
  stoppedHere: number;
  /** Median seconds since those workers' last activity. */
  stoppedForMedianSeconds: number | null;
  messages: MessageCounts;
}

/** The workers a program's figures are out of; of them, those who completed it and those unenrolled (dropped), apart. */
export interface Cohort {
  enrolled: number;
  completed: number;
  dropped: number;
}

/** The cohort under the filters (dates do not apply: they select touchpoints). */
export async function countCohort(em: EntityManager, programId: string, filters: AnalyticsFilters): Promise<Cohort> {
  const where = filterConditions(filters, 'wa.worker_id');
  const [row] = await scopedSql<Cohort>(
    em,
    `select count(*)::int as enrolled, (count(*) filter (where wa.status = 'completed'))::int as completed,
            (count(*) filter (where wa.status = 'dropped'))::int as dropped
       from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = :program and ${where.sql}`,
    { program: programId, ...where.params },
  );
  return row;
}

/** Funnel, answers, attempts, time to answer, drop-off and message delivery per touchpoint, in journey order, from the program's facts. */
export async function loadTouchpointFigures(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date): Promise<TouchpointFigures[]> {
  const where = filterConditions(filters, 'f.worker_id', 'f.reached_at');
  const rows = await scopedSql<Record<string, string | number | null>>(
    em,
    `select f.blueprint_key, f.touchpoint_key, min(f.touchpoint_type) as type,
            (count(*) filter (where f.sent > 0))::int as reached,
            (count(*) filter (where f.sent > 0 and f.completed_at is not null))::int as completed,
            (count(*) filter (where f.answered_at is not null))::int as answered,
            (count(*) filter (where f.first_try_correct))::int as first_try_correct,
            (count(*) filter (where f.ever_correct))::int as eventually_correct,
            (count(*) filter (where f.touchpoint_type = 'quiz' and f.completed_at is not null and not coalesce(f.ever_correct, false)))::int as missed,
            round(avg(f.attempts) filter (where f.attempts > 0), 2)::float as attempts_average,
            max(f.attempts) filter (where f.attempts > 0) as attempts_max,
            percentile_cont(0.5) within group (order by extract(epoch from f.answered_at - f.reached_at)) filter (where f.answered_at is not null)::float as median_seconds_to_answer,
            (count(*) filter (where f.is_last and f.assignment_status = 'active'))::int as stopped_here,
            percentile_cont(0.5) within group (order by extract(epoch from :now::timestamptz - f.last_activity_at)) filter (where f.is_last and f.assignment_status = 'active')::float as stopped_for,
            sum(f.sent)::int as sent, sum(f.delivered)::int as delivered, sum(f.read)::int as read, sum(f.failed)::int as failed, sum(f.queued)::int as queued,
            sum(f.held_quiet_hours)::int as held_quiet_hours, sum(f.held_window_closed)::int as held_window_closed, sum(f.held_other)::int as held_other
       from analytics_touchpoint_facts f
      where f.organization_id = :organization_id and f.program_id = :program and ${where.sql}
      group by f.blueprint_key, f.touchpoint_key order by min(f.position)`,
    { program: programId, now, ...where.params },
  );
  const n = (value: string | number | null) => Number(value ?? 0);
  const orNull = (value: string | number | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    blueprint: String(row.blueprint_key),
    touchpoint: String(row.touchpoint_key),
    type: String(row.type),
    reached: n(row.reached),
    completed: n(row.completed),
    answered: n(row.answered),
    firstTryCorrect: n(row.first_try_correct),
    eventuallyCorrect: n(row.eventually_correct),
    missed: n(row.missed),
    attemptsAverage: orNull(row.attempts_average),
    attemptsMax: orNull(row.attempts_max),
    medianSecondsToAnswer: orNull(row.median_seconds_to_answer),
    stoppedHere: n(row.stopped_here),
    stoppedForMedianSeconds: orNull(row.stopped_for),
    messages: {
      sent: n(row.sent), delivered: n(row.delivered), read: n(row.read), failed: n(row.failed), queued: n(row.queued),
      heldQuietHours: n(row.held_quiet_hours), heldWindowClosed: n(row.held_window_closed), heldOther: n(row.held_other),
    },
  }));
}
