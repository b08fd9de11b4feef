import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recountPerformanceMetric } from '../../engine/recordTouchpointProgress';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { pickConversationChannel } from '../../engine/pickConversationChannel';
import { startConversation } from '../../engine/startConversation';
import type { Staff } from '../auth/staffSessions';

/** The program that holds simulator runs: a draft, so no real enrolment ever plays it, and flagged `simulated`, so no list shows it. */
export const simulatorProgramName = 'Simulator (test runs)';

/** The staff member's own test worker: a fixed, valid E.164 number derived from their user id. */
export function simulatorPhone(userId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(userId).digest('hex').slice(0, 15)}`).toString().padStart(11, '0').slice(-11);
  return `+99${digits}`;
}

/** The organization's console channel (the simulator's), if any. */
export async function findConsoleChannel(em: EntityManager): Promise<string | undefined> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `select id from channels where organization_id = :organization_id and kind = 'console' order by created_at limit 1`,
  );
  return row?.id;
}

/** Finds or makes the test worker (speaking `language`, null: the journey's default), the simulator program and the worker's assignment in it. */
async function ensureTestWorker(em: EntityManager, staff: Staff, language: string | null, at: Date): Promise<{ workerId: string; assignmentId: string }> {
  const phone = simulatorPhone(staff.userId);
  await scopedSql(
    em,
    `insert into workers (organization_id, full_name, phone_number, language, attributes, status, simulated, created_at, updated_at)
     values (:organization_id, :name, :phone, :language, '{"simulator": true}', 'active', true, :at, :at)
     on conflict (organization_id, phone_number) do update set status = 'active', bot_paused = false, language = excluded.language, simulated = true`,
    { name: `${staff.name} (simulator)`.slice(0, 255), phone, language, at },
  );
  const [worker] = await scopedSql<{ id: string }>(em, 'select id from workers where organization_id = :organization_id and phone_number = :phone', { phone });
  let [program] = await scopedSql<{ id: string }>(em, 'select id from programs where organization_id = :organization_id and simulated order by created_at limit 1');
  if (!program) {
    program = { id: randomUUID() };
    await scopedSql(em, `insert into programs (id, organization_id, name, status, simulated) values (:id, :organization_id, :name, 'draft', true)`, { id: program.id, name: simulatorProgramName });
  }
  await scopedSql(
    em,
    `insert into worker_assignments (organization_id, program_id, worker_id, enrollment_date, status) values (:organization_id, :program, :worker, :at, 'active')
     on conflict (program_id, worker_id) do update set status = 'active', enrollment_date = :at`,
    { program: program.id, worker: worker.id, at },
  );
  const [assignment] = await scopedSql<{ id: string }>(
    em,
    'select id from worker_assignments where organization_id = :organization_id and program_id = :program and worker_id = :worker',
    { program: program.id, worker: worker.id },
  );
  return { workerId: worker.id, assignmentId: assignment.id };
}

/**
 * Starts (or restarts) a test run of a blueprint version, draft or published: ends the test
 * worker's running conversation, clears its timers and progress, and starts the journey
 * through the engine's own startConversation (the first touchpoint is queued as usual). The test
 * worker is never assigned in experiments: it plays the variants the author picked (else none).
 */
export async function startSimulation(
  em: EntityManager,
  staff: Staff,
  run: { blueprintId: string; language: string | null; variants?: Record<string, string> },
  channelId: string,
  at: number,
): Promise<string> {
  const { blueprintId } = run;
  return em.transactional(async (tx) => {
    const { workerId, assignmentId } = await ensureTestWorker(tx, staff, run.language, new Date(at));
    const params = { worker: workerId, at: new Date(at), assignment: assignmentId };
    await scopedSql(tx, `delete from timers where organization_id = :organization_id and conversation_id in (select id from conversations where organization_id = :organization_id and worker_id = :worker)`, { worker: workerId });
    await scopedSql(tx, `update conversations set status = 'ended', ended_at = :at where organization_id = :organization_id and worker_id = :worker and status = 'active'`, params);
    await scopedSql(tx, 'delete from worker_progress where organization_id = :organization_id and worker_assignment_id = :assignment', { assignment: assignmentId });
    await scopedSql(tx, `update workers set well_being_score = null, handoff_requested_at = null where organization_id = :organization_id and id = :worker`, { worker: workerId });
    await recountPerformanceMetric(tx, workerId);
    const channel = await pickConversationChannel(tx, { workerId, assignmentId, inboundChannelId: channelId });
    if (!channel) throw new Error(`the simulator channel ${channelId} is not an active channel of the organization`);
    const started = await startConversation(tx, { workerId, assignmentId, blueprintId, channel, enrolledAt: at, at, variants: run.variants });
    return started.conversationId;
  });
}
