import type { EntityManager } from '@mikro-orm/postgresql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { scopedSql } from '../db/tenancy/scopedSql';
import { raiseInboxItems } from '../inbox/raiseInboxItems';
import { readOwnWeeklyRank } from '../gamification/readOwnWeeklyRank';
import { readWorkerStanding, type WorkerStanding } from '../gamification/readWorkerStanding';
import { badgeNameSql } from './badgeNameSql';
import { readGamificationSwitch } from './readGamificationSwitch';
import { describeLocalTime } from './describeLocalTime';
import type { WorkerRow } from './engineRows';
import { enqueueOutbound } from './enqueueOutbound';
import { findPacingWait } from './findPacingWait';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import type { Keyword } from './matchKeyword';
import { systemText, type SystemTextKey } from './systemTexts';

interface ProgressSummary {
  done: number;
  score: number | null;
  badges: string[];
}

async function summarizeProgress(em: EntityManager, workerId: string, language: string): Promise<ProgressSummary> {
  const [row] = await scopedSql<ProgressSummary>(
    em,
    `select (select count(*)::int from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id
              where wa.organization_id = :organization_id and wa.worker_id = :worker and wp.completed_at is not null) as done,
            (select coalesce(sum(wp.score), 0)::float from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id
              where wa.organization_id = :organization_id and wa.worker_id = :worker and wp.correct) as score,
            array(select ${badgeNameSql('b', 'language')} from worker_badges wb join badges b on b.id = wb.badge_id
                   where wb.organization_id = :organization_id and wb.worker_id = :worker order by wb.awarded_at) as badges`,
    { worker: workerId, language },
  );
  return row;
}

async function setWorkerStatus(em: EntityManager, workerId: string, status: 'active' | 'opted_out', at: number): Promise<void> {
  await scopedSql(
    em,
    `update workers set status = :status, opted_out_at = case when :status = 'opted_out' then :at::timestamptz else null end, updated_at = :at
      where organization_id = :organization_id and id = :worker`,
    { worker: workerId, status, at: new Date(at) },
  );
}

/** Who sent a keyword, in which state, and where to answer. */
export interface KeywordSender {
  worker: WorkerRow;
  /** Their active conversation, null when every journey is done. */
  conversationId: string | null;
  channelId: string;
  language: string;
  at: number;
}

type SystemTextOf = (key: SystemTextKey, values?: Record<string, string | number>) => string;

/** "days in a row: 3" in the worker's language. */
function describeStreak(standing: WorkerStanding, count: number, text: SystemTextOf): string {
  return text(standing.period === 'week' ? 'streakWeeks' : 'streakDays', { count });
}

/** HELP depends on where the worker is: answering a question, waiting for the next message, or done. */
async function describeHelp(em: EntityManager, sender: KeywordSender, text: SystemTextOf): Promise<string> {
  const { conversationId, language, at } = sender;
  if (conversationId === null) return text('helpFinished');
  const pacing = await findPacingWait(em, conversationId);
  if (!pacing) return text('help');
  return text('helpWaiting', { when: describeLocalTime(pacing.dueAt, at, pacing.timezone, language) });
}

/**
 * Answers a keyword, before any machine sees the message. STOP confirms once and then nothing
 * more reaches the worker; START lets messages through again.
 */
export async function handleKeyword(em: EntityManager, sender: KeywordSender, keyword: Keyword): Promise<void> {
  const { worker, channelId, language, at } = sender;
  const reply = (body: string) => enqueueOutbound(em, { channelId, workerId: worker.id, body, priority: 'reply', at });
  const overrides = await loadSystemTextOverrides(em);
  const text = (key: SystemTextKey, values: Record<string, string | number> = {}) => systemText(language, key, values, overrides);
  switch (keyword) {
    case 'STOP':
      if (worker.status !== 'active') return;
      await reply(text('stopConfirmed'));
      await setWorkerStatus(em, worker.id, 'opted_out', at);
      await insertDomainEvents(em, [{ type: 'worker.opted_out', workerId: worker.id, occurredAt: at, data: {} }]);
      return;
    case 'START':
      if (worker.status === 'opted_out') {
        await setWorkerStatus(em, worker.id, 'active', at);
        await insertDomainEvents(em, [{ type: 'worker.opted_in', workerId: worker.id, occurredAt: at, data: {} }]);
      }
      await reply(text('startConfirmed'));
      return;
    case 'HELP':
      await reply(await describeHelp(em, sender, text));
      return;
    case 'AGENT':
      await scopedSql(em, 'update workers set handoff_requested_at = :at where organization_id = :organization_id and id = :worker', { worker: worker.id, at: new Date(at) });
      await raiseInboxItems(em, [{ workerId: worker.id, conversationId: sender.conversationId, cause: 'asked_for_person', reason: 'Sent AGENT: asked to talk to a person' }], at);
      await reply(text('handoff'));
      return;
    case 'PROGRESS': {
      const summary = await summarizeProgress(em, worker.id, language);
      if (!(await readGamificationSwitch(em, worker.id, sender.conversationId))) {
        await reply(text('progressNoGame', { done: summary.done, score: summary.score ?? 0 }));
        return;
      }
      const standing = await readWorkerStanding(em, worker.id, at);
      const badges = summary.badges.length > 0 ? summary.badges.join(', ') : text('noBadges');
      const streak = describeStreak(standing, standing.streak.current, text);
      await reply(text('progress', { done: summary.done, score: summary.score ?? 0, points: standing.points, streak, badges }));
      return;
    }
    case 'RANK': {
      if (!(await readGamificationSwitch(em, worker.id, sender.conversationId))) {
        await reply(text('gamificationOff'));
        return;
      }
      const own = await readOwnWeeklyRank(em, worker.id, at);
      if (!own.allowed) await reply(text('rankOff'));
      else if (!own.rank) await reply(text('rankNone'));
      else await reply(text('rank', { ...own.rank, place: own.among ? text('rankAt', { place: own.among }) : text('rankEveryone') }));
      return;
    }
    case 'STREAK': {
      if (!(await readGamificationSwitch(em, worker.id, sender.conversationId))) {
        await reply(text('gamificationOff'));
        return;
      }
      const standing = await readWorkerStanding(em, worker.id, at);
      const { current, longest, freezesLeft, keptThisPeriod } = standing.streak;
      await reply(text('streak', {
        streak: describeStreak(standing, current, text),
        best: longest,
        freezes: freezesLeft,
        today: text(keptThisPeriod ? 'streakKeptToday' : 'streakOpenToday'),
      }));
      return;
    }
  }
}
