import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { programStartedSql } from '../engine/programDates';
import { startPendingConversations } from './enrollProgram';

/**
 * Starts the conversations an enrollment left unstarted (a crash or a restart during a
 * background enrollment, or a program's start date whose local morning came), in every active
 * program that has some: for the scheduler. Pass a
 * system-scoped EntityManager. Safe alongside a running enrollment (each start locks its worker).
 */
export async function resumePendingEnrollments(systemEm: EntityManager, at: number): Promise<{ programs: number; started: number }> {
  const programs = await scopedSql<{ id: string; organization_id: string }>(
    systemEm,
    `select p.id, p.organization_id from programs p join organizations o on o.id = p.organization_id
      where p.status = 'active' and exists (
        select 1 from worker_assignments wa join workers w on w.id = wa.worker_id and w.status = 'active'
         where wa.program_id = p.id and wa.status = 'active' and ${programStartedSql}
           and not exists (select 1 from conversations c where c.worker_assignment_id = wa.id)
           and not exists (select 1 from conversations c where c.worker_id = wa.worker_id and c.status = 'active'))
      order by p.organization_id, p.id`,
    { at: new Date(at) },
  );
  let started = 0;
  for (const program of programs) {
    started += (await startPendingConversations(forOrganization(systemEm, program.organization_id), program.id, { at })).started;
  }
  return { programs: programs.length, started };
}
