import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Makes (or replaces) the organization's Standard Webhooks secret and returns it: `whsec_` + 32 random bytes, base64. */
export async function rotateWebhookSecret(em: EntityManager): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await scopedSql(
    em,
    `insert into webhook_secrets (organization_id, secret) values (:organization_id, :secret)
     on conflict (organization_id) do update set secret = excluded.secret, created_at = now()`,
    { secret },
  );
  return secret;
}

/** The organization's current secret, if it has one. */
export async function readWebhookSecret(em: EntityManager): Promise<string | undefined> {
  const [row] = await scopedSql<{ secret: string }>(em, `select secret from webhook_secrets where organization_id = :organization_id`);
  return row?.secret;
}
