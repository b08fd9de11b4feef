import type { Statement } from '@xapi/xapi';
import { asSystem } from '../../db/tenancy/scopes';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { StoredEvent } from '../buildEventEnvelope';
import type { EventSenderDependencies } from '../eventSenderDependencies';
import { recordDeliveryOutcomes, type DeliveryOutcome } from '../recordDeliveryOutcomes';
import { nextAttemptAt, RETRY_DELAYS_MS } from '../retrySchedule';
import { buildStatement } from './buildStatement';
import { loadLrsConnections } from './lrsConfig';
import { sendStatementBatch } from './sendStatementBatch';

interface ClaimedStatement extends StoredEvent {
  id: string;
  attempts: number;
}

/**
 * One round of xAPI delivery: claims due statements of enabled LRSs (oldest first, `SKIP LOCKED`),
 * sends each organization's as ONE batch with the `@xapi/xapi` client, and records the outcomes
 * (retried on the same schedule as webhooks). Answers how many were attempted.
 */
export async function deliverDueStatements(deps: EventSenderDependencies): Promise<number> {
  const system = asSystem(deps.orm.em.fork(), 'deliver xAPI statements');
  const now = deps.clock.now();
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const claimed = await scopedSql<ClaimedStatement>(
    system,
    `with due as (
       select d.id from event_deliveries d
         join lrs_configs lrs on lrs.organization_id = d.organization_id and lrs.enabled
        where d.target = 'xapi' and d.status in ('pending', 'sending') and d.next_attempt_at <= :now
        order by d.event_id limit :limit
        for update of d skip locked)
     update event_deliveries d set status = 'sending', attempts = d.attempts + 1, next_attempt_at = :lease
       from due, domain_events ev
      where d.id = due.id and ev.id = d.event_id
     returning d.id, d.attempts, ev.event_id, ev.organization_id, ev.worker_id, ev.type, ev.occurred_at, ev.data`,
    { now: new Date(now), lease: new Date(now + (deps.leaseMs ?? timeoutMs + 60_000)), limit: deps.batchSize ?? 50 },
  );
  if (claimed.length === 0) return 0;
  const byOrganization = new Map<string, ClaimedStatement[]>();
  for (const row of claimed) byOrganization.set(row.organization_id, [...(byOrganization.get(row.organization_id) ?? []), row]);
  const connections = await loadLrsConnections(system, deps.secretBox, [...byOrganization.keys()]);
  const outcomes: DeliveryOutcome[] = [];
  for (const [organizationId, rows] of byOrganization) {
    const lrs = connections.get(organizationId);
    if (!lrs) continue;
    const ordered = [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    const statements = ordered.map((row) => buildStatement(row, lrs));
    const sendable = statements.filter((statement): statement is Statement => statement !== undefined);
    const result = await sendStatementBatch(lrs, sendable, timeoutMs, deps.outboundFetch);
    if (!result.ok) deps.logger.info({ organizationId, statements: sendable.length, error: result.error }, 'xAPI batch failed');
    ordered.forEach((row, index) => {
      const retryAt = result.ok ? null : nextAttemptAt(row.attempts, deps.clock.now(), deps.retryDelaysMs ?? RETRY_DELAYS_MS);
      const status = result.ok ? 'delivered' : retryAt === undefined ? 'failed' : 'pending';
      outcomes.push({ id: row.id, status, nextAt: retryAt ?? null, lastStatus: result.status, answerMs: result.answerMs, lastError: result.error, body: JSON.stringify(statements[index] ?? null) });
    });
  }
  await recordDeliveryOutcomes(system, outcomes, deps.clock.now());
  return claimed.length;
}
