import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { programEndedSql } from '../engine/programDates';
import { changeProgramStatus } from './changeProgramStatus';

/**
 * Completes every active or paused program whose end date has passed (programEndedSql): its
 * running conversations close politely, as completing it by hand does. For the scheduler; pass a
 * system-scoped EntityManager. Returns how many programs ended.
 */
export async function endDuePrograms(systemEm: EntityManager, at: number): Promise<{ ended: number }> {
  const due = await scopedSql<{ id: string; organization_id: string }>(
    systemEm,
    `select p.id, p.organization_id from programs p join organizations o on o.id = p.organization_id
      where p.status in ('active', 'paused') and ${programEndedSql}
      order by p.organization_id, p.id`,
    { at: new Date(at) },
  );
  let ended = 0;
  for (const program of due) {
    const result = await changeProgramStatus(forOrganization(systemEm, program.organization_id), program.id, 'complete', at);
    if (!('code' in result)) ended++;
  }
  return { ended };
}
