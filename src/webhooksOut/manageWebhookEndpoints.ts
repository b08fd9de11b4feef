import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { DomainEventType } from '../events/domainEvent';
import type { SecretBox } from '../secrets/secretBox';
import { newSigningSecret, sealEndpointSecret } from './endpointSecret';

/** An endpoint as the API shows it (never its secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: DomainEventType[];
  description: string | null;
  enabled: boolean;
  /** Why it was disabled (repeated failure), when it was. */
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
}

interface EndpointRow {
  id: string;
  url: string;
  events: DomainEventType[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_at: Date;
}

const columns = 'id, url, events, description, enabled, disabled_reason, disabled_at, created_at';

/** The event types as stored: each once, in the order first named. */
const eventsJson = (events: DomainEventType[]) => JSON.stringify([...new Set(events)]);

function toView(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export interface EndpointInput {
  url: string;
  events: DomainEventType[];
  description?: string | null;
}

/** Creates an endpoint with a new signing secret, answered once (stored sealed). */
export async function createWebhookEndpoint(em: EntityManager, secretBox: SecretBox, input: EndpointInput): Promise<WebhookEndpointView & { secret: string }> {
  const id = randomUUID();
  const secret = newSigningSecret();
  const [row] = await scopedSql<EndpointRow>(
    em,
    `insert into webhook_endpoints (id, organization_id, url, events, description, secret_ciphertext)
     values (:id, :organization_id, :url, array(select jsonb_array_elements_text(:events::jsonb)), :description, :sealed) returning ${columns}`,
    { id, url: input.url, events: eventsJson(input.events), description: input.description ?? null, sealed: sealEndpointSecret(secretBox, id, secret) },
  );
  return { ...toView(row), secret };
}

export async function listWebhookEndpoints(em: EntityManager): Promise<WebhookEndpointView[]> {
  const rows = await scopedSql<EndpointRow>(em, `select ${columns} from webhook_endpoints where organization_id = :organization_id order by created_at, id`);
  return rows.map(toView);
}

export async function readWebhookEndpoint(em: EntityManager, id: string): Promise<WebhookEndpointView | undefined> {
  const [row] = await scopedSql<EndpointRow>(em, `select ${columns} from webhook_endpoints where organization_id = :organization_id and id = :id`, { id });
  return row && toView(row);
}

export interface EndpointChange extends Partial<EndpointInput> {
  /** true enables a disabled endpoint again (its waiting deliveries go out, oldest first). */
  enabled?: boolean;
}

/** Changes an endpoint; `rotateSecret` answers a new secret (the old one stops at once). */
export async function updateWebhookEndpoint(
  em: EntityManager,
  secretBox: SecretBox,
  id: string,
  change: EndpointChange & { rotateSecret?: boolean },
): Promise<(WebhookEndpointView & { secret?: string }) | undefined> {
  const secret = change.rotateSecret ? newSigningSecret() : undefined;
  const [row] = await scopedSql<EndpointRow>(
    em,
    `update webhook_endpoints set
        url = coalesce(:url, url), events = case when :events::jsonb is null then events else array(select jsonb_array_elements_text(:events::jsonb)) end,
        description = case when :setDescription then :description else description end,
        enabled = coalesce(:enabled, enabled),
        disabled_reason = case when :enabled then null else disabled_reason end,
        disabled_at = case when :enabled then null else disabled_at end,
        secret_ciphertext = coalesce(:sealed, secret_ciphertext), updated_at = now()
      where organization_id = :organization_id and id = :id returning ${columns}`,
    {
      id,
      url: change.url ?? null,
      events: change.events ? eventsJson(change.events) : null,
      setDescription: change.description !== undefined,
      description: change.description ?? null,
      enabled: change.enabled ?? null,
      sealed: secret ? sealEndpointSecret(secretBox, id, secret) : null,
    },
  );
  if (!row) return undefined;
  return { ...toView(row), ...(secret ? { secret } : {}) };
}

/** Deletes an endpoint with its delivery log. Answers whether it existed. */
export async function deleteWebhookEndpoint(em: EntityManager, id: string): Promise<boolean> {
  const rows = await scopedSql(em, `delete from webhook_endpoints where organization_id = :organization_id and id = :id returning id`, { id });
  return rows.length > 0;
}
