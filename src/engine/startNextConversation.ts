import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { assignProgramVariants } from '../experiments/programVariantRouting';
import { recordExposures } from '../experiments/recordExposures';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { pickConversationChannel, type ConversationChannel } from './pickConversationChannel';
import { completeAssignmentsSql, NEXT_JOURNEY_SQL } from './nextJourneySql';
import { startConversation } from './startConversation';

interface NextJourney {
  assignment_id: string;
  enrollment_date: Date;
  blueprint_id: string;
  blueprint_key: string;
  /** The program runs a program-level experiment (the start may expose the worker). */
  experimenting: boolean;
}

/**
 * Plays the worker's assignments one at a time: finds the first journey of their active
 * programs that have started for them (programStartedSql; an assignment to a later start waits
 * for the scheduler's resumePendingEnrollments) (by enrollment, then order in the program) not yet played, at its latest published
 * version (a program-level experiment's variant blueprints only for that variant's workers),
 * and starts it on its program's channel (pickConversationChannel). With nothing left, their
 * active assignments are completed. Returns the started conversation id, if any (none either when
 * the organization has no active channel to reach the worker on).
 * @param inboundChannelId the channel of the worker's message this start answers (a join code):
 *   the journey starts there.
 */
export async function startNextConversation(em: EntityManager, workerId: string, at: number, inboundChannelId?: string): Promise<string | undefined> {
  // Journeys that end at once are followed by the next; within one assignment its channel stays.
  let picked: { assignmentId: string; channel: ConversationChannel | undefined } | undefined;
  await assignProgramVariants(em, workerId, at);
  for (;;) {
    const [next] = await scopedSql<NextJourney>(em, NEXT_JOURNEY_SQL, { worker: workerId, at: new Date(at) });
    if (!next) {
      const completed = await scopedSql<{ program_id: string }>(em, completeAssignmentsSql(), { worker: workerId, at: new Date(at) });
      await insertDomainEvents(em, completed.map((row) => ({ type: 'program.completed', workerId, occurredAt: at, data: { programId: row.program_id } })));
      return undefined;
    }
    if (picked?.assignmentId !== next.assignment_id) {
      picked = { assignmentId: next.assignment_id, channel: await pickConversationChannel(em, { workerId, assignmentId: next.assignment_id, inboundChannelId }) };
    }
    const { channel } = picked;
    if (!channel) return undefined;
    const started = await startConversation(em, {
      workerId,
      assignmentId: next.assignment_id,
      blueprintId: next.blueprint_id,
      channel,
      enrolledAt: new Date(next.enrollment_date).getTime(),
      at,
    });
    if (next.experimenting) await recordExposures(em, workerId, { assignmentId: next.assignment_id, blueprintKey: next.blueprint_key, conversationId: started.conversationId }, at);
    // A journey with nothing to wait for ends at once: go on to the next one.
    if (!started.done) return started.conversationId;
  }
}
