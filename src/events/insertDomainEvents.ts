import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { learningEventTypes, type DomainEvent } from './domainEvent';
import { eventTakenSql } from './eventTakenSql';

/**
 * Writes events into the outbox in ONE statement, in the caller's transaction (so an event exists
 * exactly when what it reports was committed), with a pending delivery for each endpoint of the
 * organization subscribed to its type (a disabled one's wait for it to be enabled again), and one to the organization's LRS for a learning
 * event. Only events someone takes are written (`eventTakenSql`). The background sender
 * (src/webhooksOut) delivers them after commit.
 */
export async function insertDomainEvents(em: EntityManager, events: readonly DomainEvent[], organizationId?: string): Promise<void> {
  if (events.length === 0) return;
  // In the system scope (the dispatcher's claim) the organization is named by the caller.
  const org = organizationId === undefined ? ':organization_id' : ':org::uuid';
  const rows = events.map((event, ordinal) => ({ ordinal, type: event.type, worker_id: event.workerId, occurred_at: new Date(event.occurredAt).toISOString(), data: event.data }));
  const sql = `with input as (
       select * from jsonb_to_recordset(:rows::jsonb) as e(ordinal int, type text, worker_id uuid, occurred_at timestamptz, data jsonb)),
     inserted as (
       insert into domain_events (organization_id, worker_id, type, occurred_at, data)
       select :organization_id, worker_id, type, occurred_at, data from input
        where ${eventTakenSql('input.type', ':organization_id', ':learning::jsonb')}
        order by ordinal
       returning id, worker_id, type, occurred_at),
     to_endpoints as (
       insert into event_deliveries (organization_id, event_id, worker_id, target, endpoint_id, next_attempt_at)
       select :organization_id, i.id, i.worker_id, 'webhook', ep.id, i.occurred_at
         from inserted i join webhook_endpoints ep
           on ep.organization_id = :organization_id and i.type = any(ep.events))
     insert into event_deliveries (organization_id, event_id, worker_id, target, next_attempt_at)
     select :organization_id, i.id, i.worker_id, 'xapi', i.occurred_at
       from inserted i join lrs_configs lrs on lrs.organization_id = :organization_id and lrs.enabled
      where i.type in (select jsonb_array_elements_text(:learning::jsonb))`.replaceAll(':organization_id', org);
  await scopedSql(em, sql, { rows: JSON.stringify(rows), learning: JSON.stringify(learningEventTypes), ...(organizationId === undefined ? {} : { org: organizationId }) });
}
