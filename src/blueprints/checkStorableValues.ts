import type { DocPath, Report } from './createIssueReporter';
import type { FlowDocument } from './flowSchema';
import { isTooLongToWait, MAX_QUIZ_POINTS, MAX_WAIT_DAYS } from './storableBounds';

/**
 * Numbers the engine could not store when it plays the flow: a timer past the year 9999, quiz
 * points beyond their column. Checked when a flow is validated, not when a stored version is read,
 * so that no version stored before the check stops loading: the engine clamps its values where it
 * uses them (storableBounds), and says so once per version (compileStoredBlueprint).
 */
export function checkStorableValues(doc: FlowDocument, report: Report): void {
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      const base: DocPath = ['phases', p, 'touchpoints', t];
      const subject = `${tp.type} '${tp.key}'`;
      const tooLong = (path: DocPath, duration: string) => {
        if (isTooLongToWait(duration)) report('error', 'too-long', path, subject, `waits too long: at most ${MAX_WAIT_DAYS} days (a timer must fall before the year 9999)`);
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
