import { parseDuration } from './parseDuration';

/**
 * Longest wait, reminder or timeout, and latest `day` of a wait, in days: a timer is stored as a
 * time, and one past the year 9999 cannot be (enrolling a worker, or the step before it, fails).
 */
export const MAX_WAIT_DAYS = 1_000_000;
/** Most points a quiz answer scores: `worker_progress.score` is numeric(5,2). */
export const MAX_QUIZ_POINTS = 999;

const MAX_WAIT_MS = MAX_WAIT_DAYS * 86_400_000;

/** Whether a flow duration is longer than a timer can wait. */
export function isTooLongToWait(duration: string): boolean {
  return parseDuration(duration) > MAX_WAIT_MS;
}

/**
 * A flow duration in milliseconds, at most MAX_WAIT_DAYS: uploads refuse longer ones
 * (checkStorableValues), and a version stored before that check waits the longest storable time.
 */
export function boundedDurationMs(duration: string): number {
  return Math.min(parseDuration(duration), MAX_WAIT_MS);
}
