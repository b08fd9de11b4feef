import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkerFacts } from '../blueprints/machineContract';
import type { OrganizationSettings } from '../db/entities/Organization';
import type { WorkerAttributes } from '../db/entities/Worker';
import { scopedSql } from '../db/tenancy/scopedSql';
import { loadWorkerVariants } from '../experiments/loadWorkerVariants';

interface FactsRow {
  full_name: string;
  language: string | null;
  timezone: string | null;
  attributes: WorkerAttributes;
  settings: OrganizationSettings;
  segments: string[];
  badges: string[];
}

/**
 * What a machine may know about a worker when their conversation starts, in one query; plus, when
 * the blueprint branches on experiments, the worker's variants (assigned on first need).
 * @param experimentKeys the experiments the blueprint's `variant` rules name
 * @param at business time, epoch ms (of a first assignment)
 */
export async function loadWorkerFacts(em: EntityManager, workerId: string, enrolledAt: number, blueprintLanguage: string, experimentKeys: readonly string[] = [], at = enrolledAt): Promise<WorkerFacts> {
  const [row] = await scopedSql<FactsRow>(
    em,
    `select w.full_name, w.language, w.timezone, w.attributes, o.settings,
            array(select s.name from worker_segment ws join segments s on s.id = ws.segment_id where ws.worker_id = w.id) as segments,
            array(select b.key from worker_badges wb join badges b on b.id = wb.badge_id where wb.worker_id = w.id) as badges
       from workers w join organizations o on o.id = w.organization_id
      where w.organization_id = :organization_id and w.id = :worker`,
    { worker: workerId },
  );
  if (!row) throw new Error(`Worker ${workerId} does not exist in this organization`);
  return {
    firstName: row.full_name.trim().split(/\s+/)[0] ?? row.full_name,
    language: row.language ?? row.settings.defaultLanguage ?? blueprintLanguage,
    timezone: row.timezone ?? row.settings.timezone ?? 'UTC',
    enrolledAt,
    attributes: row.attributes,
    segments: row.segments,
    variants: experimentKeys.length > 0 ? await loadWorkerVariants(em, workerId, experimentKeys, at) : {},
    badges: row.badges,
  };
}
