import type { DocPath, Report } from './createIssueReporter';
import type { FlowDocument } from './flowSchema';
import { parseDuration } from './parseDuration';

/**
 * Longest wait, reminder or timeout, and latest `day` of a wait, in days: a timer is stored as a
 * time, and one past the year 9999 cannot be (enrolling a worker, or the step before it, fails).
 */
export const MAX_WAIT_DAYS = 1_000_000;
/** Most points a quiz answer scores: `worker_progress.score` is numeric(5,2). */
export const MAX_QUIZ_POINTS = 999;

const DAY_MS = 86_400_000;

/**
 * Numbers the engine could not store when it plays the flow: a timer past the year 9999, quiz
 * points beyond their column. Checked when a flow is validated, not when a stored version is read,
 * so that no version stored before the check stops loading.
 */
export function checkStorableValues(doc: FlowDocument, report: Report): void {
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      const base: DocPath = ['phases', p, 'touchpoints', t];
      const subject = `${tp.type} '${tp.key}'`;
      const tooLong = (path: DocPath, duration: string) => {
        if (parseDuration(duration) > MAX_WAIT_DAYS * DAY_MS) report('error', 'too-long', path, subject, `waits too long: at most ${MAX_WAIT_DAYS} days (a timer must fall before the year 9999)`);
      };
      if (tp.wait && 'duration' in tp.wait) tooLong([...base, 'wait', 'duration'], tp.wait.duration);
      if (tp.wait && 'day' in tp.wait && tp.wait.day > MAX_WAIT_DAYS) report('error', 'too-long', [...base, 'wait', 'day'], subject, `waits too long: use a day up to ${MAX_WAIT_DAYS} (a timer must fall before the year 9999)`);
      if (tp.type === 'text' || tp.type === 'media') return;
      if (tp.reminders) tooLong([...base, 'reminders', 'after'], tp.reminders.after);
      if (tp.timeout) tooLong([...base, 'timeout', 'after'], tp.timeout.after);
      if (tp.type === 'quiz' && tp.points > MAX_QUIZ_POINTS) report('error', 'too-many-points', [...base, 'points'], subject, `scores more points than can be recorded: use at most ${MAX_QUIZ_POINTS}`);
    }),
  );
}
