import type { EntityManager } from '@mikro-orm/postgresql';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { challengeNotFound, type ChallengeRefusal } from './saveChallenge';

/**
 * Cancels a challenge that has not finished, before or while it runs: it is marked cancelled and
 * finished at `now` (epoch ms), so the challenge job announces and awards nothing more, and its
 * announcements still queued (held back by quiet hours, say) are withdrawn from the outbox in the
 * same statement (any a dispatcher already claimed go on).
 */
export async function cancelChallenge(em: EntityManager, id: string, now: number): Promise<{ id: string } | ChallengeRefusal> {
  const [row] = await scopedSql<{ cancelled: boolean }>(
    em,
    `with cancelled as (
       update gamification_challenges set cancelled_at = :now, finished_at = :now
        where organization_id = :organization_id and id = :id and finished_at is null returning id),
     withdrawn as (
       delete from messages where organization_id = :organization_id and status = 'queued' and priority = :priority
          and payload ->> 'challengeId' = :id and exists (select 1 from cancelled))
     select exists (select 1 from cancelled) as cancelled from gamification_challenges where organization_id = :organization_id and id = :id`,
    { id, now: new Date(now), priority: messagePriorities.proactive },
  );
  if (!row) return challengeNotFound(id);
  if (!row.cancelled) return { status: 409, code: 'challenge_finished', message: 'challengeId: this challenge has already ended or was cancelled', field: 'challengeId' };
  return { id };
}
