import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql, type SqlParams } from '../db/tenancy/scopedSql';
import { challengeParticipantsSql, challengeTeamSql } from './challengeParticipantsSql';
import type { LedgerEventKind } from './rulesSchema';

/** What a new challenge says: who takes part, how teams form, what counts, the goal and the window. */
export interface ChallengeInput {
  name: string;
  programId?: string;
  segmentId?: string;
  /** Only workers with this attribute value take part, e.g. `{ name: 'region', value: 'North' }`. */
  attribute?: { name: string; value: string };
  /** Teams are workers sharing this attribute's value (e.g. `site`); absent: all take part as one team. */
  teamAttribute?: string;
  /** The event counted; absent: points count. */
  event?: LedgerEventKind;
  goal: number;
  startsAt: Date;
  endsAt: Date;
  /** When progress messages go out, inside the window. */
  progressAt: Date[];
}

/** A team's standing in a challenge, read from the ledger. */
export interface TeamProgress {
  /** The team attribute's value; '' when the challenge is one team. */
  team: string;
  members: number;
  progress: number;
  /** Workers with at least one counted event: those awarded when the team wins. */
  contributors: string[];
}

export interface Challenge {
  id: string;
  name: string;
  programId: string | null;
  segmentId: string | null;
  attribute: Record<string, string> | null;
  teamAttribute: string | null;
  event: LedgerEventKind | null;
  goal: number;
  startsAt: Date;
  endsAt: Date;
  progressAt: Date[];
  progressSent: number;
  /** When the challenge job stopped handling it: it ended, or it was cancelled. */
  finishedAt: Date | null;
  /** When staff cancelled it (nothing more is announced or awarded). */
  cancelledAt: Date | null;
  teams: TeamProgress[];
}

/** A challenge's columns as named parameters, for its insert and its edit. */
export function challengeParams(input: ChallengeInput): SqlParams {
  return {
    name: input.name,
    program: input.programId ?? null,
    segment: input.segmentId ?? null,
    attribute: input.attribute ? JSON.stringify({ [input.attribute.name]: input.attribute.value }) : null,
    team: input.teamAttribute ?? null,
    event: input.event ?? null,
    goal: input.goal,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    progressAt: JSON.stringify(input.progressAt.map((d) => d.toISOString())),
  };
}

/** The moments of progress messages as stored: in order. */
export const progressAtSql = 'array(select jsonb_array_elements_text(:progressAt::jsonb)::timestamptz order by 1)';

/** Stores a challenge; returns its id. */
export async function createChallenge(em: EntityManager, input: ChallengeInput): Promise<string> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `insert into gamification_challenges (organization_id, name, program_id, segment_id, attribute, team_attribute, event_kind, goal, starts_at, ends_at, progress_at)
     values (:organization_id, :name, :program::uuid, :segment::uuid, :attribute::jsonb, :team, :event, :goal, :startsAt, :endsAt, ${progressAtSql})
     returning id`,
    challengeParams(input),
  );
  return row.id;
}

/**
 * Challenges with each team's progress, newest first (all of them, or the ids given), in one
 * statement: per participant the counted ledger entries inside the window (reversed ones and
 * `challengeWon` left out), summed per team.
 */
export async function readChallenges(em: EntityManager, options: { ids?: string[]; limit: number }): Promise<Challenge[]> {
  // Times as JSON (ISO 8601): the driver's text of a timestamp ("0001-01-01 00:00:00+00") reads as 2001 in JavaScript.
  const rows = await scopedSql<Omit<Challenge, 'teams' | 'event' | 'startsAt' | 'endsAt' | 'progressAt'> & { event: LedgerEventKind | null; startsAt: string; endsAt: string; progressAt: string[]; teams: TeamProgress[] | null }>(
    em,
    `with c as (
       select * from gamification_challenges c
        where c.organization_id = :organization_id and (:ids::jsonb is null or c.id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid))
        order by c.starts_at desc, c.id limit :limit)
     select c.id, c.name, c.program_id as "programId", c.segment_id as "segmentId", c.attribute, c.team_attribute as "teamAttribute",
            c.event_kind as event, c.goal, to_jsonb(c.starts_at) as "startsAt", to_jsonb(c.ends_at) as "endsAt", to_jsonb(c.progress_at) as "progressAt",
            c.progress_sent as "progressSent", c.finished_at as "finishedAt", c.cancelled_at as "cancelledAt",
            (select jsonb_agg(jsonb_build_object('team', t.team, 'members', t.members, 'progress', t.progress, 'contributors', t.contributors) order by t.progress desc, t.team)
               from (select ${challengeTeamSql} as team, count(*)::int as members,
                            coalesce(sum(case when c.event_kind is null then d.points else d.events end), 0)::int as progress,
                            coalesce(jsonb_agg(w.id) filter (where d.events > 0), '[]'::jsonb) as contributors
                       from workers w
                       cross join lateral (
                         select count(*)::int as events, coalesce(sum(l.points), 0)::int as points from gamification_ledger l
                          where l.organization_id = c.organization_id and l.worker_id = w.id and l.occurred_at >= c.starts_at and l.occurred_at < c.ends_at
                            and l.reverses_id is null and l.kind <> 'challengeWon' and (c.event_kind is null or l.kind = c.event_kind)
                            and (c.program_id is null or l.program_id = c.program_id)
                            and not exists (select 1 from gamification_ledger r where r.organization_id = l.organization_id and r.reverses_id = l.id)) d
                      where ${challengeParticipantsSql}
                      group by 1) t) as teams
       from c order by c.starts_at desc, c.id`,
    { ids: options.ids ? JSON.stringify(options.ids) : null, limit: options.limit },
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt), progressAt: r.progressAt.map((at) => new Date(at)), teams: r.teams ?? [] }));
}
