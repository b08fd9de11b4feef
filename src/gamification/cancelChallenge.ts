import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { challengeNotFound, type ChallengeRefusal } from './saveChallenge';

/**
 * Cancels a challenge that has not finished, before or while it runs: it is marked cancelled and
 * finished at `now` (epoch ms), so the challenge job announces and awards nothing more.
 */
export async function cancelChallenge(em: EntityManager, id: string, now: number): Promise<{ id: string } | ChallengeRefusal> {
  const [row] = await scopedSql<{ cancelled: boolean }>(
    em,
    `with cancelled as (
       update gamification_challenges set cancelled_at = :now, finished_at = :now
        where organization_id = :organization_id and id = :id and finished_at is null returning id)
     select exists (select 1 from cancelled) as cancelled from gamification_challenges where organization_id = :organization_id and id = :id`,
    { id, now: new Date(now) },
  );
  if (!row) return challengeNotFound(id);
  if (!row.cancelled) return { status: 409, code: 'challenge_finished', message: 'challengeId: this challenge has already ended or was cancelled', field: 'challengeId' };
  return { id };
}
