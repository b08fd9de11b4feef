import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { challengeParams, createChallenge, progressAtSql, type ChallengeInput } from './challenges';

/** Why a challenge was not saved or cancelled: the API answers it as an error, the console shows it beside the form. */
export interface ChallengeRefusal {
  status: 404 | 409 | 422;
  code: 'challenge_not_found' | 'challenge_started' | 'challenge_finished' | 'program_not_found' | 'segment_not_found';
  message: string;
  /** The field at fault. */
  field: string;
}

/** The refusal of a challenge that is not in the organization. */
export const challengeNotFound = (id: string): ChallengeRefusal => ({ status: 404, code: 'challenge_not_found', message: `challengeId: no challenge ${id} in your organization`, field: 'challengeId' });

async function unknownReference(em: EntityManager, input: ChallengeInput): Promise<ChallengeRefusal | null> {
  const [known] = await scopedSql<{ program: boolean; segment: boolean }>(
    em,
    `select (:program::uuid is null or exists (select 1 from programs where organization_id = :organization_id and id = :program::uuid)) as program,
            (:segment::uuid is null or exists (select 1 from segments where organization_id = :organization_id and id = :segment::uuid)) as segment`,
    { program: input.programId ?? null, segment: input.segmentId ?? null },
  );
  if (!known.program) return { status: 422, code: 'program_not_found', message: `programId: no program ${input.programId} in your organization`, field: 'programId' };
  if (!known.segment) return { status: 422, code: 'segment_not_found', message: `segmentId: no segment ${input.segmentId} in your organization`, field: 'segmentId' };
  return null;
}

/**
 * Creates a challenge, or replaces challenge `id` when given, after checking that its program and
 * segment are the organization's. An existing challenge can be edited only before it starts (at
 * `now`, epoch ms) and while not cancelled: once running, its workers have been told its goal.
 */
export async function saveChallenge(em: EntityManager, input: ChallengeInput, target: { id?: string; now: number }): Promise<{ id: string } | ChallengeRefusal> {
  const refusal = await unknownReference(em, input);
  if (refusal) return refusal;
  if (target.id === undefined) return { id: await createChallenge(em, input) };
  const [row] = await scopedSql<{ edited: boolean }>(
    em,
    `with edited as (
       update gamification_challenges set name = :name, program_id = :program::uuid, segment_id = :segment::uuid, attribute = :attribute::jsonb,
              team_attribute = :team, event_kind = :event, goal = :goal, starts_at = :startsAt, ends_at = :endsAt, progress_at = ${progressAtSql}
        where organization_id = :organization_id and id = :id and starts_at > :now and finished_at is null returning id)
     select exists (select 1 from edited) as edited from gamification_challenges where organization_id = :organization_id and id = :id`,
    { ...challengeParams(input), id: target.id, now: new Date(target.now) },
  );
  if (!row) return challengeNotFound(target.id);
  if (!row.edited) return { status: 409, code: 'challenge_started', message: 'startsAt: this challenge has started or was cancelled; only a challenge not started yet can be edited', field: 'startsAt' };
  return { id: target.id };
}
