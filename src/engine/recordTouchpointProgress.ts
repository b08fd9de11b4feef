import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface ProgressTarget {
  assignmentId: string;
  touchpointId: string;
  /** Business time, epoch ms. */
  at: number;
}

/** A new attempt at a touchpoint: one worker_progress row per attempt. */
export async function startTouchpointAttempt(em: EntityManager, target: ProgressTarget): Promise<void> {
  await scopedSql(
    em,
    `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, attempt)
     values (:organization_id, :assignment, :touchpoint, :at,
             1 + (select count(*) from worker_progress where organization_id = :organization_id
                    and worker_assignment_id = :assignment and touchpoint_id = :touchpoint))`,
    { assignment: target.assignmentId, touchpoint: target.touchpointId, at: new Date(target.at) },
  );
}

export interface AttemptResult {
  answer?: string | null;
  score?: number | null;
  correct?: boolean | null;
  feedbackText?: string | null;
}

/**
 * Writes the answer of the open attempt (the latest row without an answer), completing it;
 * without an open attempt it records a new, completed one.
 */
export async function recordAttemptResult(em: EntityManager, target: ProgressTarget, result: AttemptResult): Promise<void> {
  const params = {
    assignment: target.assignmentId,
    touchpoint: target.touchpointId,
    at: new Date(target.at),
    answer: result.answer ?? null,
    score: result.score ?? null,
    correct: result.correct ?? null,
    feedback: result.feedbackText ?? null,
  };
  const updated = await scopedSql(
    em,
    `update worker_progress set answer = :answer, score = :score, correct = :correct, feedback_text = :feedback,
            completed_at = :at, updated_at = :at
      where id = (select id from worker_progress
                   where organization_id = :organization_id and worker_assignment_id = :assignment
                     and touchpoint_id = :touchpoint and answer is null and completed_at is null
                   order by attempt desc limit 1)
      returning id`,
    params,
  );
  if (updated.length > 0) return;
  await scopedSql(
    em,
    `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, answer, score, correct, feedback_text, attempt)
     values (:organization_id, :assignment, :touchpoint, :at, :at, :answer, :score, :correct, :feedback,
             1 + (select count(*) from worker_progress where organization_id = :organization_id
                    and worker_assignment_id = :assignment and touchpoint_id = :touchpoint))`,
    params,
  );
}

/** Marks the open attempt at a touchpoint completed (content without an answer, or a skip). */
export async function completeTouchpointAttempt(em: EntityManager, target: ProgressTarget): Promise<void> {
  await scopedSql(
    em,
    `update worker_progress set completed_at = :at, updated_at = :at
      where id = (select id from worker_progress
                   where organization_id = :organization_id and worker_assignment_id = :assignment
                     and touchpoint_id = :touchpoint and completed_at is null
                   order by attempt desc limit 1)`,
    { assignment: target.assignmentId, touchpoint: target.touchpointId, at: new Date(target.at) },
  );
}

/**
 * workers.performance_metric after one quiz answer: the percentage of the worker's quiz answers that
 * were right, `round(100 × quiz_answers_correct / quiz_answers)`, moved by this answer (the hot
 * path's batched write adds the same counts), never re-reading the worker's answers.
 */
export async function countQuizAnswer(em: EntityManager, workerId: string, correct: boolean): Promise<void> {
  await scopedSql(
    em,
    `update workers set quiz_answers = quiz_answers + 1, quiz_answers_correct = quiz_answers_correct + :right::int,
            performance_metric = round(100.0 * (quiz_answers_correct + :right::int) / (quiz_answers + 1))::int
      where organization_id = :organization_id and id = :worker`,
    { worker: workerId, right: correct ? 1 : 0 },
  );
}

/** Recounts workers.performance_metric and its counts from the worker's answers (after progress was deleted: the simulator's restart). */
export async function recountPerformanceMetric(em: EntityManager, workerId: string): Promise<void> {
  await scopedSql(
    em,
    `update workers w set quiz_answers = s.answers, quiz_answers_correct = s.correct,
            performance_metric = case when s.answers > 0 then round(100.0 * s.correct / s.answers)::int end
       from (select count(*)::int as answers, count(*) filter (where wp.correct)::int as correct
               from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id
              where wa.organization_id = :organization_id and wa.worker_id = :worker and wp.correct is not null) s
      where w.organization_id = :organization_id and w.id = :worker`,
    { worker: workerId },
  );
}
