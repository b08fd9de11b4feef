import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { scopedSql } from '../db/tenancy/scopedSql';
import { insertDomainEvents } from '../events/insertDomainEvents';
import { raiseInboxItems } from '../inbox/raiseInboxItems';
import { createdAtBounds, createdAtWithinBounds } from './createdAtBounds';
import type { OutboxRow } from './outboxRow';

/**
 * A row the claim will not send: `held` (the window closed and no template) or `failed`, with a
 * `message.failed` event when failed and a coach inbox item for its worker, in the caller's
 * system-scope transaction. Answers what to report.
 */
export async function reportUnsendable(
  tx: EntityManager,
  row: OutboxRow,
  status: 'held' | 'failed',
  why: { code: string; reason: string },
  now: number,
  logger: Logger,
): Promise<{ id: string; code: string; reason: string }> {
  const { code, reason } = why;
  await scopedSql(
    tx,
    `update messages m set status = :status, error_code = :code, error_reason = :reason,
            failed_at = case when :status = 'failed' then :now::timestamptz else failed_at end
      where m.id = :id and ${createdAtWithinBounds}`,
    { id: row.id, ...createdAtBounds([row.created_at]), status, code, reason, now: new Date(now) },
  );
  if (status === 'failed') {
    await insertDomainEvents(tx, [{ type: 'message.failed', workerId: row.worker_id, occurredAt: now, data: { messageId: row.id, code, reason } }], row.organization_id);
  }
  if (row.worker_id) {
    await raiseInboxItems(tx, [{ workerId: row.worker_id, conversationId: row.conversation_id, cause: 'message_failed', reason: `A message to them is ${status}: ${reason}` }], now, row.organization_id);
  }
  logger.warn({ messageId: row.id, organizationId: row.organization_id, status, code, reason }, `outbound message ${status}`);
  return { id: row.id, code, reason };
}
