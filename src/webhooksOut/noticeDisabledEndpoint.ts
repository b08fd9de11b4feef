import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { EventSenderDependencies } from './eventSenderDependencies';
import type { DisabledEndpoint } from './recordDeliveryOutcomes';

/** Tells the organization's admins (every org_admin user, by email) that an endpoint was disabled, and why. */
export async function noticeDisabledEndpoint(deps: EventSenderDependencies, system: EntityManager, endpoint: DisabledEndpoint): Promise<void> {
  deps.logger.warn({ endpointId: endpoint.id, organizationId: endpoint.organization_id, reason: endpoint.disabled_reason }, 'webhook endpoint disabled');
  if (!deps.sendEmail) return;
  const admins = await scopedSql<{ email: string }>(system, `select email from users where organization_id = :org and role = 'org_admin' order by email`, { org: endpoint.organization_id });
  const text = [
    `The webhook endpoint ${endpoint.url} was disabled: ${endpoint.disabled_reason}.`,
    '',
    'Its events are kept and wait for it. Fix the endpoint, then enable it again',
    `(PATCH /v1/webhook-endpoints/${endpoint.id} {"enabled": true}); the failed deliveries can be replayed`,
    `from its delivery log (POST /v1/webhook-endpoints/${endpoint.id}/deliveries/{deliveryId}/replay).`,
  ].join('\n');
  for (const admin of admins) {
    await deps.sendEmail({ to: admin.email, subject: 'A webhook endpoint was disabled after repeated failures', text });
  }
}
