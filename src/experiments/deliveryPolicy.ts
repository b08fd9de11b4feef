import type { DeliveryPolicy } from '../blueprints/machineContract';

/**
 * SQL of one row for the program of a worker assignment (`assignment`: an SQL expression of its id):
 * `gamification` (the program's switch) and `policy`, the delivery policy (jsonb) of the variant the
 * worker is assigned to in a program-level experiment of that program (running, or stopped: an
 * assigned worker keeps their arm), null without one.
 */
export function programDeliverySql(assignment: string): string {
  return `select p.gamification_enabled as gamification,
       (select ev.delivery_policy from experiments e
          join experiment_assignments ea on ea.experiment_id = e.id and ea.worker_id = wa.worker_id
          join experiment_variants ev on ev.id = ea.experiment_variant_id
         where e.organization_id = wa.organization_id and e.program_id = wa.program_id and e.experiment_type = 'program' and e.status <> 'draft'
         order by (e.status = 'running') desc, e.start_date desc limit 1) as policy
  from worker_assignments wa join programs p on p.id = wa.program_id
 where wa.organization_id = :organization_id and wa.id = ${assignment}`;
}

/**
 * The delivery policy a worker's conversation runs under: their variant's, with gamification off
 * when either the program or the variant switches it off. Undefined when nothing departs from the flow.
 */
export function resolveDeliveryPolicy(row: { gamification: boolean; policy: DeliveryPolicy | null } | undefined): DeliveryPolicy | undefined {
  if (!row) return undefined;
  const policy: DeliveryPolicy = { ...row.policy };
  if (!row.gamification) policy.gamification = false;
  if (policy.gamification !== false) delete policy.gamification;
  return Object.keys(policy).length > 0 ? policy : undefined;
}
