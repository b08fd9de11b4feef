import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWebhookSecret, rotateWebhookSecret, sealPlainWebhookSecrets } from '../../src/broadcasts/webhookSecrets';
import { createSecretBox } from '../../src/secrets/secretBox';
import { rekeySealedValues } from '../../src/keyRotation/rekeySealedValues';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const oldKey = randomBytes(32).toString('hex');
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.destroy());

const stored = async (organizationId: string) =>
  (await scopedSql<{ secret: string | null; secret_ciphertext: string | null }>(asSystem(db.orm.em, 'test'), 'select secret, secret_ciphertext from webhook_secrets where organization_id = :id', { id: organizationId }))[0];

describe('broadcast webhook secrets at rest', () => {
  it('are stored sealed to their organization and read back', async () => {
    const box = createSecretBox(oldKey);
    const org = await createOrganization(asSystem(db.orm.em, 'test'));
    const em = forOrganization(db.orm.em, org.id);
    const secret = await rotateWebhookSecret(em, box, org.id);
    const row = await stored(org.id);
    expect(row.secret).toBeNull();
    expect(row.secret_ciphertext).not.toContain(secret.slice(6, 20));
    expect(await readWebhookSecret(em, box, org.id)).toBe(secret);

    // Bound to the organization: the same sealed value under another organization does not open.
    const other = await createOrganization(asSystem(db.orm.em, 'test'));
    await scopedSql(asSystem(db.orm.em, 'test'), 'insert into webhook_secrets (organization_id, secret_ciphertext) values (:id, :sealed)', { id: other.id, sealed: row.secret_ciphertext });
    await expect(readWebhookSecret(forOrganization(db.orm.em, other.id), box, other.id)).rejects.toThrow(/could not be decrypted/);
    await scopedSql(asSystem(db.orm.em, 'test'), 'delete from webhook_secrets where organization_id = :id', { id: other.id });
  });

  it('kept in the clear by an older version are still read, then sealed at start, and re-sealed by rekey', async () => {
    const oldBox = createSecretBox(oldKey);
    const org = await createOrganization(asSystem(db.orm.em, 'test'));
    const em = forOrganization(db.orm.em, org.id);
    await scopedSql(asSystem(db.orm.em, 'test'), `insert into webhook_secrets (organization_id, secret) values (:id, 'whsec_plain')`, { id: org.id });
    expect(await readWebhookSecret(em, oldBox, org.id)).toBe('whsec_plain');

    expect(await sealPlainWebhookSecrets(db.orm.em, oldBox)).toBeGreaterThanOrEqual(1);
    expect(await stored(org.id)).toMatchObject({ secret: null });
    expect(await readWebhookSecret(em, oldBox, org.id)).toBe('whsec_plain');
    expect(await sealPlainWebhookSecrets(db.orm.em, oldBox)).toBe(0);

    const newKey = randomBytes(32).toString('hex');
    await rekeySealedValues(db.orm.em, createSecretBox([{ key: newKey }, { key: oldKey }]));
    expect(await readWebhookSecret(em, createSecretBox(newKey), org.id)).toBe('whsec_plain');
  });
});
