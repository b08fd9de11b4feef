import type { EntityManager } from '@mikro-orm/postgresql';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { challengeParticipantsSql, challengeTeamSql } from '../gamification/challengeParticipantsSql';
import { readChallenges, type Challenge, type TeamProgress } from '../gamification/challenges';
import { loadActiveRules } from '../gamification/loadActiveRules';
import { pointsFor } from '../gamification/pointsFor';
import { recordLedgerEntries } from '../gamification/recordLedgerEntries';
import type { EngineDependencies } from './engineDependencies';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { systemText, systemTextCatalog, type SystemTextKey, type SystemTextOverrides } from './systemTexts';

/** What a run did: progress rounds sent and challenges finished. */
export interface ChallengeRun {
  progressSent: number;
  finished: number;
}

/**
 * The scheduler's challenge job: each running challenge with a progress moment or its end now due
 * is handled in its organization's transaction, its row locked (SKIP LOCKED: another instance
 * takes another), so each moment is announced once. At the end the teams that reached the goal
 * win: each of their contributors gets a `challengeWon` entry (key `challenge:<id>:<worker>`, so
 * once), and every participant hears the result in their language.
 */
export async function runDueChallenges(deps: Pick<EngineDependencies, 'orm' | 'clock'>): Promise<ChallengeRun> {
  const now = deps.clock.now();
  const due = await scopedSql<{ organization_id: string; id: string }>(
    asSystem(deps.orm.em, 'find challenges with a progress moment or an end due'),
    `select organization_id, id from gamification_challenges
      where finished_at is null and (ends_at <= :now or progress_at[progress_sent + 1] <= :now)
      order by ends_at limit 100`,
    { now: new Date(now) },
  );
  const run: ChallengeRun = { progressSent: 0, finished: 0 };
  for (const { organization_id, id } of due) {
    const outcome = await forOrganization(deps.orm.em, organization_id).transactional((em) => runChallenge(em, id, now));
    if (outcome === 'progress') run.progressSent++;
    if (outcome === 'finished') run.finished++;
  }
  return run;
}

async function runChallenge(em: EntityManager, id: string, now: number): Promise<'progress' | 'finished' | 'skipped'> {
  const [locked] = await scopedSql<{ due_moments: number; ended: boolean }>(
    em,
    `select (select count(*)::int from unnest(progress_at) m where m <= :now) as due_moments, ends_at <= :now as ended
       from gamification_challenges where organization_id = :organization_id and id = :id and finished_at is null
        for no key update skip locked`,
    { id, now: new Date(now) },
  );
  if (!locked) return 'skipped';
  const [challenge] = await readChallenges(em, { ids: [id], limit: 1 });
  const overrides = await loadSystemTextOverrides(em);
  if (!locked.ended) {
    await tellParticipants(em, challenge, now, () => 'challengeProgress', overrides);
    // Moments missed while no instance ran are announced once, with today's progress.
    await scopedSql(em, 'update gamification_challenges set progress_sent = :sent where organization_id = :organization_id and id = :id', { id, sent: locked.due_moments });
    return 'progress';
  }
  const winners = challenge.teams.filter((team) => team.progress >= challenge.goal);
  await awardWinners(em, challenge, winners, now);
  await tellParticipants(em, challenge, now, (team) => (winners.includes(team) ? 'challengeWinners' : 'challengeEnded'), overrides);
  await scopedSql(em, 'update gamification_challenges set finished_at = :now, progress_sent = cardinality(progress_at) where organization_id = :organization_id and id = :id', { id, now: new Date(now) });
  return 'finished';
}

/** `challengeWon` for every contributor of a winning team, in the program of the challenge. */
async function awardWinners(em: EntityManager, challenge: Challenge, winners: TeamProgress[], now: number): Promise<void> {
  const contributors = winners.flatMap((team) => team.contributors);
  if (contributors.length === 0) return;
  const { rules, version } = await loadActiveRules(em);
  const points = pointsFor(rules, 'challengeWon', { challenge: challenge.id });
  const workers = await scopedSql<{ id: string; timezone: string }>(
    em,
    `select w.id, coalesce(w.timezone, o.settings ->> 'timezone', 'UTC') as timezone from workers w join organizations o on o.id = w.organization_id
      where w.organization_id = :organization_id and w.id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`,
    { ids: JSON.stringify(contributors) },
  );
  // One statement per winner (a team is tens of workers, once per challenge): each moves that worker's balances.
  for (const worker of workers) {
    await recordLedgerEntries(
      em,
      [{ kind: 'challengeWon', points, idempotencyKey: `challenge:${challenge.id}:${worker.id}`, detail: { challenge: challenge.id } }],
      { workerId: worker.id, program: { programId: challenge.programId }, at: now, timezone: worker.timezone, ruleVersion: version, dailyCap: null, streakPeriod: rules.streak.period },
    );
  }
}

/**
 * Queues one message per participant in ONE statement: the text of their team in their language
 * (built here for every catalogued language), on the channel they last used; a participant who
 * never exchanged a message has no channel yet and is skipped.
 */
async function tellParticipants(em: EntityManager, challenge: Challenge, now: number, keyOf: (team: TeamProgress) => SystemTextKey, overrides: SystemTextOverrides): Promise<void> {
  const languages = new Set([...Object.keys(systemTextCatalog), ...overrides.keys()]);
  const bodies: Record<string, Record<string, string>> = {};
  for (const team of challenge.teams) {
    const key = keyOf(team);
    bodies[team.team] = Object.fromEntries([...languages].map((language) => [language, systemText(language, key, {
      challenge: challenge.name,
      team: team.team === '' ? systemText(language, 'challengeTogether', {}, overrides) : team.team,
      progress: team.progress,
      goal: challenge.goal,
    }, overrides)]));
  }
  await scopedSql(
    em,
    `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at)
     select c.organization_id, r.channel_id, w.id, 'outbound',
            coalesce(:bodies::jsonb -> ${challengeTeamSql} ->> coalesce(w.language, o.settings ->> 'defaultLanguage', 'en'), :bodies::jsonb -> ${challengeTeamSql} ->> 'en'),
            jsonb_build_object('challengeId', c.id), 'queued', :priority::smallint, :at::timestamptz
       from gamification_challenges c
       join workers w on ${challengeParticipantsSql}
       join organizations o on o.id = w.organization_id
       cross join lateral (select m.channel_id from messages m where m.organization_id = c.organization_id and m.worker_id = w.id order by m.seq desc limit 1) r
      where c.organization_id = :organization_id and c.id = :id`,
    { id: challenge.id, bodies: JSON.stringify(bodies), priority: messagePriorities.proactive, at: new Date(now) },
  );
}
