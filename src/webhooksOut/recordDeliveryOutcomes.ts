import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** What became of one claimed delivery (webhook or xAPI). */
export interface DeliveryOutcome {
  id: string;
  status: 'delivered' | 'pending' | 'failed';
  /** The next attempt, for `pending`. */
  nextAt: number | null;
  lastStatus: number | null;
  answerMs: number;
  lastError: string | null;
  /** The body sent (kept 7 days). */
  body: string;
}

/** An endpoint disabled by this round, for the notice to its organization's admins. */
export interface DisabledEndpoint {
  id: string;
  organization_id: string;
  url: string;
  disabled_reason: string;
}

/**
 * Records a round's outcomes in ONE statement; a webhook delivery that gave up (failing for longer than
 * the whole retry schedule) disables its endpoint, whose later deliveries wait for it to be
 * enabled again. Answers the endpoints disabled now.
 */
export async function recordDeliveryOutcomes(system: EntityManager, outcomes: readonly DeliveryOutcome[], now: number): Promise<DisabledEndpoint[]> {
  if (outcomes.length === 0) return [];
  const rows = outcomes.map((o) => ({ ...o, nextAt: o.nextAt === null ? null : new Date(o.nextAt).toISOString() }));
  return scopedSql<DisabledEndpoint>(
    system,
    `with outcome as (
       select * from jsonb_to_recordset(:rows::jsonb)
         as o(id bigint, status text, "nextAt" timestamptz, "lastStatus" int, "answerMs" int, "lastError" text, body text)),
     recorded as (
       update event_deliveries d
          set status = o.status, next_attempt_at = coalesce(o."nextAt", d.next_attempt_at), last_status = o."lastStatus",
              answer_ms = o."answerMs", last_error = o."lastError", body = o.body,
              delivered_at = case when o.status = 'delivered' then :now::timestamptz end
         from outcome o where d.id = o.id and d.status = 'sending'
       returning d.endpoint_id, d.status, d.attempts, o."lastError")
     update webhook_endpoints ep
        set enabled = false, disabled_at = :now::timestamptz, updated_at = :now::timestamptz,
            disabled_reason = 'a delivery failed ' || r.attempts || ' times over more than 24 hours (last: ' || coalesce(r."lastError", 'no answer') || ')'
       from (select distinct on (endpoint_id) * from recorded where status = 'failed') r
      where ep.id = r.endpoint_id and ep.enabled
     returning ep.id, ep.organization_id, ep.url, ep.disabled_reason`,
    { rows: JSON.stringify(rows), now: new Date(now) },
  );
}
