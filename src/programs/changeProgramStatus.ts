import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProgramStatus } from '../db/entities/Program';
import { scopedSql } from '../db/tenancy/scopedSql';
import { endProgramConversations, releasePausedTimers } from '../engine/programLifecycle';
import { checkTierLimit, type TierRefusal } from '../limits/tierLimits';

export type ProgramTransition = 'activate' | 'pause' | 'resume' | 'complete';

/** Which status each transition may start from, and where it leads. */
export const programTransitions: Record<ProgramTransition, { from: ProgramStatus[]; to: ProgramStatus }> = {
  activate: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  complete: { from: ['active', 'paused'], to: 'completed' },
};

/** Timers that came due during a pause go out over this long after resuming, milliseconds. */
const RESUME_SPREAD_MS = 30 * 60_000;

/**
 * Moves a program along draft → active ⇄ paused → completed. While paused, its timers and
 * proactive sends wait and a worker's message gets a short "paused" reply (the engine and the
 * dispatcher read programs.status); resuming spreads what waited over half an hour; completing
 * ends its conversations with a closing message and completes its active assignments. Returns
 * the new status, or a refusal naming the current one (or the tier's limit of active programs).
 */
export async function changeProgramStatus(
  em: EntityManager,
  programId: string,
  transition: ProgramTransition,
  at: number,
): Promise<{ status: ProgramStatus } | { code: 'invalid_transition'; message: string } | TierRefusal> {
  const { from, to } = programTransitions[transition];
  return em.transactional(async (tx) => {
    const [row] = await scopedSql<{ status: ProgramStatus }>(tx, `select status from programs where organization_id = :organization_id and id = :id for no key update`, { id: programId });
    if (!from.includes(row.status)) {
      return { code: 'invalid_transition' as const, message: `A ${row.status} program cannot ${transition}; it can from: ${from.join(', ')}` };
    }
    if (to === 'active') {
      const refusal = await checkTierLimit(tx, 'activePrograms', 1, at);
      if (refusal) return refusal;
    }
    await scopedSql(tx, `update programs set status = :to, updated_at = :at where organization_id = :organization_id and id = :id`, { id: programId, to, at: new Date(at) });
    if (transition === 'resume') await releasePausedTimers(tx, programId, at, RESUME_SPREAD_MS);
    if (to === 'completed') {
      await endProgramConversations(tx, programId, at);
      await scopedSql(
        tx,
        `update worker_assignments set status = 'completed', updated_at = :at where organization_id = :organization_id and program_id = :id and status = 'active'`,
        { id: programId, at: new Date(at) },
      );
    }
    return { status: to };
  });
}
