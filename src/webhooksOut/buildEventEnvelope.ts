import type { EventEnvelope, DomainEventType } from '../events/domainEvent';

/** A stored event, as the sender reads it. */
export interface StoredEvent {
  event_id: string;
  organization_id: string;
  worker_id: string | null;
  type: DomainEventType;
  occurred_at: Date;
  data: Record<string, unknown>;
}

/** The JSON body of an event (the same on every attempt; `id` is also the `webhook-id`). */
export function buildEventEnvelope(event: StoredEvent): EventEnvelope {
  return {
    id: event.event_id,
    type: event.type,
    occurredAt: new Date(event.occurred_at).toISOString(),
    organizationId: event.organization_id,
    workerId: event.worker_id,
    data: event.data,
  };
}
