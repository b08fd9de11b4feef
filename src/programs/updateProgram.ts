import type { EntityManager } from '@mikro-orm/postgresql';
import { isActiveChannel } from '../channels/isActiveChannel';
import { scopedSql } from '../db/tenancy/scopedSql';
import { getProgram, refuseUnknownIds, unknownChannel, type ProgramRefusal, type ProgramView } from './manageProgram';

export interface ProgramPatch {
  name?: string;
  /** ISO dates; null clears. */
  startDate?: string | null;
  endDate?: string | null;
  /** Replaces the target segments. */
  segmentIds?: string[];
  autoEnroll?: boolean;
  /** The channel its messages go out on; null: the organization's default. */
  channelId?: string | null;
}

/**
 * Renames a program, moves its dates, names its channel, or replaces its target segments (and
 * auto-enrollment). Blueprints are not changed here: a running conversation stays on its version;
 * a worker who wrote on another channel stays on it (pickConversationChannel).
 */
export async function updateProgram(em: EntityManager, id: string, patch: ProgramPatch): Promise<ProgramView | ProgramRefusal> {
  return em.transactional(async (tx) => {
    const unknownSegment = await refuseUnknownIds(tx, { segmentIds: patch.segmentIds });
    if (unknownSegment) return unknownSegment;
    if (patch.channelId && !(await isActiveChannel(tx, patch.channelId))) return unknownChannel(patch.channelId);
    await scopedSql(
      tx,
      `update programs set name = coalesce(:name, name),
              channel_id = case when :hasChannel then :channel::uuid else channel_id end,
              start_date = case when :hasStart then :start::date else start_date end,
              end_date = case when :hasEnd then :end::date else end_date end, updated_at = now()
        where organization_id = :organization_id and id = :id`,
      { id, name: patch.name ?? null, hasChannel: patch.channelId !== undefined, channel: patch.channelId ?? null, hasStart: patch.startDate !== undefined, start: patch.startDate ?? null, hasEnd: patch.endDate !== undefined, end: patch.endDate ?? null },
    );
    if (patch.segmentIds || patch.autoEnroll !== undefined) {
      const current = (await getProgram(tx, id)) as ProgramView;
      const segmentIds = [...new Set(patch.segmentIds ?? current.segmentIds)];
      await scopedSql(tx, `delete from program_segments where organization_id = :organization_id and program_id = :id`, { id });
      await scopedSql(
        tx,
        `insert into program_segments (organization_id, program_id, segment_id, auto_enroll)
         select :organization_id, :id::uuid, (jsonb_array_elements_text(:ids::jsonb))::uuid, :autoEnroll`,
        { id, ids: JSON.stringify(segmentIds), autoEnroll: patch.autoEnroll ?? current.autoEnroll },
      );
    }
    const updated = (await getProgram(tx, id)) as ProgramView;
    if (updated.startDate && updated.endDate && updated.startDate > updated.endDate) {
      throw new ProgramDatesError();
    }
    return updated;
  });
}

/** Thrown (rolling the change back) when the new dates end before they start. */
export class ProgramDatesError extends Error {
  constructor() {
    super('endDate must not be before startDate');
  }
}
