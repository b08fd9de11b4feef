import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Serializes, until the transaction ends, everything about one provider message id of a channel:
 * a status webhook and the dispatcher recording that id never miss each other. Transaction-scoped
 * advisory lock (the embedded database shares session state between connections).
 */
export async function lockProviderMessage(em: EntityManager, channelId: string, providerMessageId: string): Promise<void> {
  await scopedSql(
    em,
    `select pg_advisory_xact_lock(hashtext(:organization_id || '/' || :channel || '/' || :providerId))`,
    { channel: channelId, providerId: providerMessageId },
  );
}
