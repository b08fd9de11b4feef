import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../secrets/secretBox';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';

/** The secret box context of an organization's webhook secret: a sealed value cannot be moved to another organization. */
export const webhookSecretContext = (organizationId: string) => `webhook-secret:${organizationId}`;

/** Makes (or replaces) the organization's Standard Webhooks secret, stores it sealed, and returns it: `whsec_` + 32 random bytes, base64. */
export async function rotateWebhookSecret(em: EntityManager, secretBox: SecretBox, organizationId: string): Promise<string> {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await scopedSql(
    em,
    `insert into webhook_secrets (organization_id, secret_ciphertext) values (:organization_id, :sealed)
     on conflict (organization_id) do update set secret = null, secret_ciphertext = excluded.secret_ciphertext, created_at = now()`,
    { sealed: secretBox.seal({ secret }, webhookSecretContext(organizationId)) },
  );
  return secret;
}

/** The organization's current secret, if it has one. */
export async function readWebhookSecret(em: EntityManager, secretBox: SecretBox, organizationId: string): Promise<string | undefined> {
  const [row] = await scopedSql<{ secret: string | null; secret_ciphertext: string | null }>(
    em,
    `select secret, secret_ciphertext from webhook_secrets where organization_id = :organization_id`,
  );
  if (!row?.secret_ciphertext) return row?.secret ?? undefined;
  const { secret } = secretBox.open(row.secret_ciphertext, webhookSecretContext(organizationId));
  return typeof secret === 'string' ? secret : undefined;
}

/** Seals the secrets stored in the clear before they were sealed (at start: a migration has no key). Returns how many. */
export async function sealPlainWebhookSecrets(em: EntityManager, secretBox: SecretBox): Promise<number> {
  const system = asSystem(em, 'seal webhook secrets kept in the clear');
  const plain = await scopedSql<{ organization_id: string; secret: string }>(system, `select organization_id, secret from webhook_secrets where secret is not null`);
  for (const row of plain) {
    await scopedSql(
      system,
      `update webhook_secrets set secret = null, secret_ciphertext = :sealed where organization_id = :org and secret = :secret`,
      { org: row.organization_id, secret: row.secret, sealed: secretBox.seal({ secret: row.secret }, webhookSecretContext(row.organization_id)) },
    );
  }
  return plain.length;
}
