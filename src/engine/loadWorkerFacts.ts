import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryPolicy, WorkerFacts } from '../blueprints/machineContract';
import type { OrganizationSettings } from '../db/entities/Organization';
import type { WorkerAttributes } from '../db/entities/Worker';
import { scopedSql } from '../db/tenancy/scopedSql';
import { programDeliverySql, resolveDeliveryPolicy } from '../experiments/deliveryPolicy';
import { loadWorkerVariants } from '../experiments/loadWorkerVariants';

interface FactsRow {
  full_name: string;
  language: string | null;
  timezone: string | null;
  attributes: WorkerAttributes;
  settings: OrganizationSettings;
  segments: string[];
  badges: string[];
  gamification: boolean | null;
  policy: DeliveryPolicy | null;
}

/** Whose facts, for which conversation. */
export interface FactsRequest {
  workerId: string;
  /** The conversation's worker assignment: its program's gamification switch and experiment variant set the delivery policy. */
  assignmentId: string;
  /** Epoch ms. */
  enrolledAt: number;
  blueprintLanguage: string;
  /** The experiments the blueprint's `variant` rules name. */
  experimentKeys: readonly string[];
  /** Business time, epoch ms (of a first assignment). */
  at: number;
}

/**
 * What a machine may know about a worker when their conversation starts, in one query (with the
 * delivery policy of their program and program-level variant); plus, when the blueprint branches on
 * experiments, the worker's variants (assigned on first need).
 */
export async function loadWorkerFacts(em: EntityManager, request: FactsRequest): Promise<WorkerFacts> {
  const [row] = await scopedSql<FactsRow>(
    em,
    `select w.full_name, w.language, w.timezone, w.attributes, o.settings, d.gamification, d.policy,
            array(select s.name from worker_segment ws join segments s on s.id = ws.segment_id where ws.worker_id = w.id) as segments,
            array(select b.key from worker_badges wb join badges b on b.id = wb.badge_id where wb.worker_id = w.id) as badges
       from workers w join organizations o on o.id = w.organization_id
       left join lateral (${programDeliverySql(':assignment')}) d on true
      where w.organization_id = :organization_id and w.id = :worker`,
    { worker: request.workerId, assignment: request.assignmentId },
  );
  if (!row) throw new Error(`Worker ${request.workerId} does not exist in this organization`);
  const delivery = resolveDeliveryPolicy(row.gamification === null ? undefined : { gamification: row.gamification, policy: row.policy });
  return {
    firstName: row.full_name.trim().split(/\s+/)[0] ?? row.full_name,
    language: row.language ?? row.settings.defaultLanguage ?? request.blueprintLanguage,
    timezone: row.timezone ?? row.settings.timezone ?? 'UTC',
    enrolledAt: request.enrolledAt,
    attributes: row.attributes,
    segments: row.segments,
    variants: request.experimentKeys.length > 0 ? await loadWorkerVariants(em, request.workerId, request.experimentKeys, request.at) : {},
    badges: row.badges,
    ...(delivery ? { delivery } : {}),
  };
}
