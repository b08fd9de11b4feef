import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { learningEventTypes, type DomainEvent } from './domainEvent';
import { eventOutboxCtes } from './eventOutboxCtes';

/**
 * Writes events into the outbox in ONE statement, in the caller's transaction (so an event exists
 * exactly when what it reports was committed), each with its pending deliveries; an event no
 * endpoint and no LRS takes is not written (`eventOutboxCtes`). The background sender
 * (src/webhooksOut) delivers them after commit.
 */
export async function insertDomainEvents(em: EntityManager, events: readonly DomainEvent[], organizationId?: string): Promise<void> {
  if (events.length === 0) return;
  // In the system scope (the dispatcher's claim) the organization is named by the caller.
  const org = organizationId === undefined ? ':organization_id' : ':org::uuid';
  const rows = events.map((event, ord) => ({ ord, type: event.type, worker_id: event.workerId, occurred_at: new Date(event.occurredAt).toISOString(), data: event.data }));
  const sql = `with input as (
       select * from jsonb_to_recordset(:rows::jsonb) as e(ord int, type text, worker_id uuid, occurred_at timestamptz, data jsonb)),
     ${eventOutboxCtes('input', ':organization_id', ':learning::jsonb')}
     select count(*) from events`.replaceAll(':organization_id', org);
  await scopedSql(em, sql, { rows: JSON.stringify(rows), learning: JSON.stringify(learningEventTypes), ...(organizationId === undefined ? {} : { org: organizationId }) });
}
