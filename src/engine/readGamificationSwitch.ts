import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeliveryPolicy } from '../blueprints/machineContract';
import { scopedSql } from '../db/tenancy/scopedSql';
import { programDeliverySql, resolveDeliveryPolicy } from '../experiments/deliveryPolicy';

/**
 * Whether gamification is on for a worker now, in one query: in the program of their active
 * conversation, else of their latest enrollment (the program's switch and their experiment
 * variant's policy). On when they are in no program.
 */
export async function readGamificationSwitch(em: EntityManager, workerId: string, conversationId: string | null): Promise<boolean> {
  const assignment = `coalesce(
      (select c.worker_assignment_id from conversations c where c.organization_id = :organization_id and c.id = :conversation::uuid),
      (select la.id from worker_assignments la where la.organization_id = :organization_id and la.worker_id = :worker order by la.enrollment_date desc, la.id limit 1))`;
  const [row] = await scopedSql<{ gamification: boolean; policy: DeliveryPolicy | null }>(em, programDeliverySql(assignment), { worker: workerId, conversation: conversationId });
  return resolveDeliveryPolicy(row)?.gamification !== false;
}
