import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { lockProgramAnalytics } from './lockProgramAnalytics';
import { insertRollups, type Combination } from './refreshRollups';

/**
 * Rolls up a segment and an attribute asked together, for every value of the attribute among
 * the segment's workers, from the program's current facts; the rebuilds keep it up to date from
 * then on (30 days). Does nothing when another request did it first, or the segment is not the
 * organization's.
 */
export async function rollUpCombination(em: EntityManager, programId: string, combination: Combination, now: Date): Promise<void> {
  await em.transactional(async (tx) => {
    await lockProgramAnalytics(tx, programId);
    const added = await scopedSql(
      tx,
      `insert into analytics_rollup_combinations (organization_id, program_id, segment_id, attribute, asked_at)
       select :organization_id, :program, s.id, :attribute, :now from segments s where s.organization_id = :organization_id and s.id = :segment
       on conflict do nothing returning segment_id`,
      { program: programId, segment: combination.segmentId, attribute: combination.attribute, now },
    );
    if (added.length > 0) await insertRollups(tx, programId, { attributes: [], combinations: [combination] }, false);
  });
}
