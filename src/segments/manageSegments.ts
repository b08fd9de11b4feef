import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { compileSegmentRule } from './compileSegmentRule';
import { readSegmentRule } from './readSegmentRule';
import { refreshSegmentMembership } from './refreshSegmentMembership';
import { checkRuleSize, type SegmentRule } from './segmentRuleSchema';

export interface SegmentView {
  id: string;
  name: string;
  /** null: a static segment, whose members are added and removed by hand. */
  rule: SegmentRule | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

interface SegmentRow {
  id: string;
  name: string;
  rule_definition: string | null;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

const toView = (row: SegmentRow): SegmentView => ({
  id: row.id,
  name: row.name,
  rule: readSegmentRule(row.rule_definition),
  memberCount: row.member_count,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

const select = `select s.id, s.name, s.rule_definition, s.created_at, s.updated_at,
  (select count(*)::int from worker_segment ws where ws.organization_id = :organization_id and ws.segment_id = s.id) as member_count
  from segments s where s.organization_id = :organization_id`;

function programIdsOf(rule: SegmentRule): string[] {
  if ('all' in rule) return rule.all.flatMap(programIdsOf);
  if ('any' in rule) return rule.any.flatMap(programIdsOf);
  if ('not' in rule) return programIdsOf(rule.not);
  return 'program' in rule ? [rule.program] : [];
}

/** What is wrong with a (schema-valid) rule in this organization: too large, or naming a program it does not have. */
export async function checkSegmentRule(em: EntityManager, rule: SegmentRule): Promise<string | undefined> {
  const size = checkRuleSize(rule);
  if (size) return size;
  const ids = [...new Set(programIdsOf(rule))];
  if (ids.length === 0) return undefined;
  const found = await scopedSql<{ id: string }>(em, `select id from programs where organization_id = :organization_id and id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`, { ids: JSON.stringify(ids) });
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  return missing.length > 0 ? `the rule names a program your organization does not have: ${missing.join(', ')}` : undefined;
}

/** One segment with its member count. */
export async function getSegment(em: EntityManager, id: string): Promise<SegmentView | undefined> {
  const [row] = await scopedSql<SegmentRow>(em, `${select} and s.id = :id`, { id });
  return row ? toView(row) : undefined;
}

/** Every segment of the organization, by name. */
export async function listSegments(em: EntityManager): Promise<SegmentView[]> {
  return (await scopedSql<SegmentRow>(em, `${select} order by s.name, s.id`)).map(toView);
}

/** Creates a segment (rule null: static) and fills it from the rule. */
export async function createSegment(em: EntityManager, input: { name: string; rule: SegmentRule | null }): Promise<SegmentView> {
  return em.transactional(async (tx) => {
    const [row] = await scopedSql<{ id: string }>(
      tx,
      `insert into segments (organization_id, name, rule_definition) values (:organization_id, :name, :rule) returning id`,
      { name: input.name, rule: input.rule ? JSON.stringify(input.rule) : null },
    );
    await refreshSegmentMembership(tx, { segmentIds: [row.id] });
    return (await getSegment(tx, row.id)) as SegmentView;
  });
}

/** Renames a segment or replaces its rule (then its members are recomputed). */
export async function updateSegment(em: EntityManager, id: string, input: { name?: string; rule?: SegmentRule | null }): Promise<SegmentView> {
  return em.transactional(async (tx) => {
    await scopedSql(
      tx,
      `update segments set name = coalesce(:name, name),
              rule_definition = case when :hasRule then :rule else rule_definition end, updated_at = now()
        where organization_id = :organization_id and id = :id`,
      { id, name: input.name ?? null, hasRule: input.rule !== undefined, rule: input.rule ? JSON.stringify(input.rule) : null },
    );
    if (input.rule) await refreshSegmentMembership(tx, { segmentIds: [id] });
    return (await getSegment(tx, id)) as SegmentView;
  });
}

/** Deletes a segment (its memberships and program targets cascade). */
export async function deleteSegment(em: EntityManager, id: string): Promise<void> {
  await scopedSql(em, `delete from segments where organization_id = :organization_id and id = :id`, { id });
}

/** How many workers a rule would hold now, and how many of them are active (reachable). */
export async function previewSegmentRule(em: EntityManager, rule: SegmentRule): Promise<{ count: number; active: number }> {
  const compiled = compileSegmentRule(rule);
  const [row] = await scopedSql<{ count: number; active: number }>(
    em,
    `select count(*)::int as count, (count(*) filter (where w.status = 'active'))::int as active
       from workers w where w.organization_id = :organization_id and ${compiled.sql}`,
    compiled.params,
  );
  return row;
}

/** Adds workers to, or removes them from, a static segment; returns how many changed. Unknown ids are ignored. */
export async function changeStaticMembers(em: EntityManager, segmentId: string, workerIds: string[], change: 'add' | 'remove'): Promise<number> {
  const ids = JSON.stringify(workerIds);
  const rows =
    change === 'add'
      ? await scopedSql(
          em,
          `insert into worker_segment (worker_id, segment_id, organization_id)
           select w.id, :segment::uuid, :organization_id::uuid from workers w
            where w.organization_id = :organization_id and not w.simulated and w.id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)
           on conflict (worker_id, segment_id) do nothing returning worker_id`,
          { segment: segmentId, ids },
        )
      : await scopedSql(
          em,
          `delete from worker_segment where organization_id = :organization_id and segment_id = :segment
              and worker_id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid) returning worker_id`,
          { segment: segmentId, ids },
        );
  return rows.length;
}
