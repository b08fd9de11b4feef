import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProgramStatus } from '../db/entities/Program';
import { isActiveChannel } from '../channels/isActiveChannel';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface ProgramInput {
  name: string;
  /** ISO date (YYYY-MM-DD), optional. */
  startDate?: string | null;
  endDate?: string | null;
  /** Journey blueprint keys, played in this order; each must have a published version. */
  blueprints: string[];
  /** Segments whose members `enroll` targets. */
  segmentIds: string[];
  /** Enroll workers who join a target segment later, while the program is active (enrollLateJoiners). */
  autoEnroll?: boolean;
  /** The channel its messages go out on (an active channel of the organization); null or omitted: the organization's default. */
  channelId?: string | null;
}

export interface ProgramView {
  id: string;
  name: string;
  status: ProgramStatus;
  startDate: string | null;
  endDate: string | null;
  /** version: the one new enrollments get (the key's latest published version). */
  blueprints: { key: string; version: number; order: number }[];
  segmentIds: string[];
  autoEnroll: boolean;
  channelId: string | null;
  createdAt: string;
}

interface ProgramRow {
  id: string;
  name: string;
  status: ProgramStatus;
  start_date: string | null;
  end_date: string | null;
  created_at: Date;
  blueprints: { key: string; version: number; order: number }[] | null;
  segment_ids: string[] | null;
  auto_enroll: boolean;
  channel_id: string | null;
}

/** A refusal naming the field at fault. */
export interface ProgramRefusal {
  code: 'unknown_blueprint' | 'unknown_segment' | 'unknown_worker' | 'unknown_channel';
  message: string;
  field: string;
}

/**
 * The refusal of the first listed segment id, then worker id, that is not one of the
 * organization's (another organization's reads as unknown alike), naming its position
 * (`segmentIds.2`): one set-based statement for both lists.
 */
export async function refuseUnknownIds(em: EntityManager, ids: { segmentIds?: readonly string[]; workerIds?: readonly string[] }): Promise<ProgramRefusal | undefined> {
  if (!ids.segmentIds?.length && !ids.workerIds?.length) return undefined;
  const [first] = await scopedSql<{ list: 'segmentIds' | 'workerIds'; position: number; id: string }>(
    em,
    `select list, position::int, id from (
       select 'segmentIds' as list, x.ordinality - 1 as position, x.value as id from jsonb_array_elements_text(:segments::jsonb) with ordinality x
        where not exists (select 1 from segments s where s.organization_id = :organization_id and s.id = x.value::uuid)
       union all
       select 'workerIds', x.ordinality - 1, x.value from jsonb_array_elements_text(:workers::jsonb) with ordinality x
        where not exists (select 1 from workers w where w.organization_id = :organization_id and w.id = x.value::uuid)
     ) unknown order by list, position limit 1`,
    { segments: JSON.stringify(ids.segmentIds ?? []), workers: JSON.stringify(ids.workerIds ?? []) },
  );
  if (!first) return undefined;
  const noun = first.list === 'segmentIds' ? 'segment' : 'worker';
  return { code: `unknown_${noun}`, message: `No ${noun} of your organization has the id ${first.id}`, field: `${first.list}.${first.position}` };
}

/** The refusal of a `channelId` that is not an active channel of the organization. */
export function unknownChannel(channelId: string): ProgramRefusal {
  return {
    code: 'unknown_channel',
    message: `channelId: no active channel of your organization has the id ${channelId} (GET /v1/channels lists them; a deleted channel cannot be used)`,
    field: 'channelId',
  };
}

const select = `select p.id, p.name, p.status, p.channel_id, to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date, p.created_at,
  (select jsonb_agg(jsonb_build_object('key', jb.key, 'order', pb.order_in_program,
            -- the version new enrollments get (startNextConversation): the key's latest published one
            'version', coalesce((select max(v.version) from journey_blueprints v
                                  where v.organization_id = :organization_id and v.key = jb.key and v.status = 'published'), jb.version))
          order by pb.order_in_program)
     from program_blueprints pb join journey_blueprints jb on jb.id = pb.journey_blueprint_id
    where pb.organization_id = :organization_id and pb.program_id = p.id) as blueprints,
  (select jsonb_agg(ps.segment_id order by ps.segment_id) from program_segments ps where ps.organization_id = :organization_id and ps.program_id = p.id) as segment_ids,
  coalesce((select bool_or(ps.auto_enroll) from program_segments ps where ps.organization_id = :organization_id and ps.program_id = p.id), false) as auto_enroll
  from programs p where p.organization_id = :organization_id`;

const toView = (row: ProgramRow): ProgramView => ({
  id: row.id,
  name: row.name,
  status: row.status,
  startDate: row.start_date,
  endDate: row.end_date,
  blueprints: row.blueprints ?? [],
  segmentIds: row.segment_ids ?? [],
  autoEnroll: row.auto_enroll,
  channelId: row.channel_id,
  createdAt: new Date(row.created_at).toISOString(),
});

/** One program with its blueprints (in order) and target segments. */
export async function getProgram(em: EntityManager, id: string): Promise<ProgramView | undefined> {
  const [row] = await scopedSql<ProgramRow>(em, `${select} and p.id = :id`, { id });
  return row ? toView(row) : undefined;
}

/** The organization's programs, newest first. */
export async function listPrograms(em: EntityManager): Promise<ProgramView[]> {
  return (await scopedSql<ProgramRow>(em, `${select} and not p.simulated order by p.created_at desc, p.id`)).map(toView);
}

/**
 * Creates a program as a draft: its blueprints (each key at its latest published version, in the
 * given order) and target segments. Unknown keys or segments are refused, naming the field.
 */
export async function createProgram(em: EntityManager, input: ProgramInput, userId?: string): Promise<ProgramView | ProgramRefusal> {
  return em.transactional(async (tx) => {
    const versions = await scopedSql<{ key: string; id: string }>(
      tx,
      `select distinct on (key) key, id from journey_blueprints
        where organization_id = :organization_id and status = 'published' and key in (select jsonb_array_elements_text(:keys::jsonb))
        order by key, version desc`,
      { keys: JSON.stringify(input.blueprints) },
    );
    const byKey = new Map(versions.map((v) => [v.key, v.id]));
    const missing = input.blueprints.findIndex((key) => !byKey.has(key));
    if (missing >= 0) {
      return { code: 'unknown_blueprint', message: `No published blueprint has the key "${input.blueprints[missing]}": upload and publish it first`, field: `blueprints.${missing}` } satisfies ProgramRefusal;
    }
    const unknownSegment = await refuseUnknownIds(tx, { segmentIds: input.segmentIds });
    if (unknownSegment) return unknownSegment;
    if (input.channelId && !(await isActiveChannel(tx, input.channelId))) return unknownChannel(input.channelId);

    const [program] = await scopedSql<{ id: string }>(
      tx,
      `insert into programs (organization_id, name, start_date, end_date, status, channel_id, created_by, updated_by)
       values (:organization_id, :name, :start::date, :end::date, 'draft', :channel::uuid, :user::uuid, :user::uuid) returning id`,
      { name: input.name, start: input.startDate ?? null, end: input.endDate ?? null, channel: input.channelId ?? null, user: userId ?? null },
    );
    await scopedSql(
      tx,
      `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program)
       select :organization_id, :program::uuid, (x.value #>> '{}')::uuid, x.ordinality::int from jsonb_array_elements(:ids::jsonb) with ordinality x`,
      { program: program.id, ids: JSON.stringify(input.blueprints.map((key) => byKey.get(key))) },
    );
    await scopedSql(
      tx,
      `insert into program_segments (organization_id, program_id, segment_id, auto_enroll)
       select :organization_id, :program::uuid, (jsonb_array_elements_text(:ids::jsonb))::uuid, :autoEnroll`,
      { program: program.id, ids: JSON.stringify([...new Set(input.segmentIds)]), autoEnroll: input.autoEnroll ?? false },
    );
    return (await getProgram(tx, program.id)) as ProgramView;
  });
}

/** Deletes a program with its assignments, conversations and progress. */
export async function deleteProgram(em: EntityManager, id: string): Promise<void> {
  await scopedSql(em, `delete from programs where organization_id = :organization_id and id = :id`, { id });
}
