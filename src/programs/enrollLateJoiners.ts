import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { LicenceLimitError } from '../marketplace/enforceLicences';
import { assignWorkers, startPendingConversations } from './enrollProgram';

/**
 * Enrolls the workers who joined an auto-enroll target segment of an active program since it
 * was enrolled, and starts their conversations: what the scheduler calls (after
 * refreshAllSegments) so a program keeps taking in its segment's newcomers while it runs. Pass a
 * system-scoped EntityManager; each program is handled in its organization's scope.
 */
export async function enrollLateJoiners(systemEm: EntityManager, at: number): Promise<{ programs: number; assigned: number; started: number }> {
  const programs = await scopedSql<{ id: string; organization_id: string }>(
    systemEm,
    `select distinct p.id, p.organization_id from programs p join program_segments ps on ps.program_id = p.id
      where p.status = 'active' and ps.auto_enroll order by p.organization_id, p.id`,
  );
  let assigned = 0;
  let started = 0;
  for (const program of programs) {
    const em = forOrganization(systemEm, program.organization_id);
    // Only the auto-enroll segments: a program can mix them with segments enrolled once.
    const workers = await em.transactional((tx) =>
      scopedSql<{ id: string }>(
        tx,
        `select distinct ws.worker_id as id from worker_segment ws join program_segments ps on ps.segment_id = ws.segment_id and ps.program_id = :program and ps.auto_enroll
          where ws.organization_id = :organization_id`,
        { program: program.id },
      ),
    );
    // A licence that refuses the newcomers (expired, seats used) leaves them out until it changes; its admins were warned.
    const fresh = await em
      .transactional((tx) => assignWorkers(tx, program.id, { workerIds: workers.map((w) => w.id) }, at))
      .catch((error: unknown) => {
        if (error instanceof LicenceLimitError) return [];
        throw error;
      });
    assigned += fresh.length;
    if (fresh.length > 0) started += (await startPendingConversations(em, program.id, { at })).started;
  }
  return { programs: programs.length, assigned, started };
}
