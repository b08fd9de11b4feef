import type { EntityManager } from '@mikro-orm/postgresql';
import { loadActiveRules } from '../gamification/loadActiveRules';
import { readWorkerStanding } from '../gamification/readWorkerStanding';
import { recordLedgerEntries } from '../gamification/recordLedgerEntries';
import { enqueueOutbound } from './enqueueOutbound';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { systemText } from './systemTexts';

/** The step that was a worker's first activity of a streak period. */
export interface KeptStreakStep {
  workerId: string;
  assignmentId: string;
  conversationId: string;
  channelId: string;
  language: string;
  at: number;
  priority: 'reply' | 'proactive';
}

/**
 * Runs once per worker and period (after the step that first made them active in it): when that
 * keeps a streak of two periods or more, records `streakKept` (once per period, by its key) and,
 * where the organization's rules say `streak.announce`, tells the worker, in their language.
 */
export async function announceKeptStreak(em: EntityManager, step: KeptStreakStep): Promise<void> {
  const standing = await readWorkerStanding(em, step.workerId, step.at);
  const { current, keptThisPeriod, periods } = standing.streak;
  if (!keptThisPeriod || current < 2) return;
  const period = periods.at(-1)!;
  const { inserted } = await recordLedgerEntries(
    em,
    [{ kind: 'streakKept', points: standing.keptPoints, idempotencyKey: `streak:${step.workerId}:${period}`, detail: { period } }],
    { workerId: step.workerId, program: { assignmentId: step.assignmentId }, at: step.at, timezone: standing.timezone, ruleVersion: null, dailyCap: null, streakPeriod: standing.period },
  );
  if (inserted === 0 || !(await loadActiveRules(em)).rules.streak.announce) return;
  const overrides = await loadSystemTextOverrides(em);
  const streak = systemText(step.language, standing.period === 'week' ? 'streakWeeks' : 'streakDays', { count: current }, overrides);
  await enqueueOutbound(em, { channelId: step.channelId, workerId: step.workerId, conversationId: step.conversationId, body: systemText(step.language, 'streakKept', { streak }, overrides), priority: step.priority, at: step.at });
}
