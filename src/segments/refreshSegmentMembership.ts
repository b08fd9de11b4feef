import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { compileSegmentRule } from './compileSegmentRule';
import { readSegmentRule } from './readSegmentRule';

export interface RefreshScope {
  /** Only these segments (default: every rule segment of the organization). */
  segmentIds?: string[];
  /** Only these workers (default: all): after workers were created, changed or imported. */
  workerIds?: string[];
}

/**
 * Brings worker_segment up to date with the organization's rule segments (static segments are
 * left alone): removes members the rule no longer matches and adds the ones it now matches, two
 * set-based statements per segment. Returns how many memberships were added and removed.
 */
export async function refreshSegmentMembership(em: EntityManager, scope: RefreshScope = {}): Promise<{ added: number; removed: number }> {
  const segments = await scopedSql<{ id: string; rule_definition: string | null }>(
    em,
    `select id, rule_definition from segments
      where organization_id = :organization_id and rule_definition is not null
        and (:ids::jsonb is null or id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid))`,
    { ids: scope.segmentIds ? JSON.stringify(scope.segmentIds) : null },
  );
  const workers = scope.workerIds ? JSON.stringify(scope.workerIds) : null;
  const onlyWorkers = `(:workers::jsonb is null or w.id in (select (jsonb_array_elements_text(:workers::jsonb))::uuid))`;
  let added = 0;
  let removed = 0;
  for (const segment of segments) {
    const rule = readSegmentRule(segment.rule_definition);
    if (!rule) continue;
    const compiled = compileSegmentRule(rule);
    const params = { ...compiled.params, segment: segment.id, workers };
    const gone = await scopedSql(
      em,
      `delete from worker_segment ws using workers w
        where ws.organization_id = :organization_id and ws.segment_id = :segment and w.id = ws.worker_id
          and ${onlyWorkers} and not ${compiled.sql}
        returning ws.worker_id`,
      params,
    );
    const joined = await scopedSql(
      em,
      `insert into worker_segment (worker_id, segment_id, organization_id)
       select w.id, :segment::uuid, :organization_id::uuid from workers w
        where w.organization_id = :organization_id and ${onlyWorkers} and ${compiled.sql}
       on conflict (worker_id, segment_id) do nothing
       returning worker_id`,
      params,
    );
    removed += gone.length;
    added += joined.length;
  }
  return { added, removed };
}

/**
 * Refreshes every organization's rule segments: the function the scheduler calls (e.g. nightly,
 * for rules on well-being or program status that change without a worker update). Pass a
 * system-scoped EntityManager; each organization runs in its own transaction.
 */
export async function refreshAllSegments(systemEm: EntityManager): Promise<{ organizations: number; added: number; removed: number }> {
  const organizations = await scopedSql<{ organization_id: string }>(
    systemEm,
    `select distinct organization_id from segments where rule_definition is not null`,
  );
  let added = 0;
  let removed = 0;
  for (const { organization_id } of organizations) {
    const result = await forOrganization(systemEm, organization_id).transactional((tx) => refreshSegmentMembership(tx));
    added += result.added;
    removed += result.removed;
  }
  return { organizations: organizations.length, added, removed };
}
