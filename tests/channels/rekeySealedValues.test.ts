import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credsContext, keyContext } from '../../src/channels/baileys/baileysSealContexts';
import { runChannelsCommand } from '../../src/cli/runChannelsCommand';
import { countSealedByKey } from '../../src/keyRotation/countSealedByKey';
import { rekeySealedValues } from '../../src/keyRotation/rekeySealedValues';
import { retiredSecretsContext } from '../../src/channels/retiredSecrets';
import { createSecretBox, type SecretBox } from '../../src/secrets/secretBox';
import { loadConfig } from '../../src/config/loadConfig';
import { resolveSecretBoxKeys } from '../../src/secrets/resolveSecretBoxKeys';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
/** As configured during the change: ENCRYPTION_KEY the new key, ENCRYPTION_KEY_PREVIOUS the old one. */
const duringChange = createSecretBox(resolveSecretBoxKeys(loadConfig({ DATABASE_URL: 'postgres://x@localhost/x', ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: ` ${oldKey} ` })));
const oldOnly = createSecretBox(oldKey);
const newOnly = createSecretBox(newKey);

let db: TestDatabase;
const channelIds: string[] = [];
const printed: string[] = [];

interface Sealed {
  where: string;
  value: string;
  context: string;
}

/** Every sealed value in the database with its context. */
async function sealedValues(): Promise<Sealed[]> {
  const em = asSystem(db.orm.em, 'test');
  const channels = await scopedSql<{ id: string; secrets_ciphertext: string; retired_secrets_ciphertext: string }>(em, `select id, secrets_ciphertext, retired_secrets_ciphertext from channels where secrets_ciphertext is not null order by id`);
  const creds = await scopedSql<{ channel_id: string; creds_ciphertext: string }>(em, `select channel_id, creds_ciphertext from baileys_auth`);
  const keys = await scopedSql<{ channel_id: string; type: string; key_id: string; value_ciphertext: string }>(em, `select channel_id, type, key_id, value_ciphertext from baileys_keys order by key_id`);
  return [
    ...channels.flatMap((c) => [
      { where: `channel ${c.id}`, value: c.secrets_ciphertext, context: c.id },
      { where: `retired ${c.id}`, value: c.retired_secrets_ciphertext, context: retiredSecretsContext(c.id) },
    ]),
    ...creds.map((c) => ({ where: `creds ${c.channel_id}`, value: c.creds_ciphertext, context: credsContext(c.channel_id) })),
    ...keys.map((k) => ({ where: `key ${k.key_id}`, value: k.value_ciphertext, context: keyContext(k.channel_id, k.type, k.key_id) })),
  ];
}

const openAll = async (box: SecretBox) => (await sealedValues()).map((v) => box.open(v.value, v.context));

beforeAll(async () => {
  db = await createTestDatabase();
  const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
  const em = forOrganization(db.orm.em, organization.id);
  for (const n of [1, 2, 3]) {
    const id = randomUUID();
    channelIds.push(id);
    await scopedSql(
      em,
      `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext, retired_secrets_ciphertext)
       values (:id, :organization_id, 'twilio', :name, :address, '{}', :sealed, :retired)`,
      {
        id,
        name: `Line ${n}`,
        address: `+1555000100${n}`,
        sealed: oldOnly.seal({ authToken: `auth-token-SECRET-${n}` }, id),
        retired: oldOnly.seal({ retired: [{ name: 'authToken', value: `old-token-SECRET-${n}`, replacedAt: 1 }] }, retiredSecretsContext(id)),
      },
    );
  }
  const baileysId = channelIds[0];
  await scopedSql(em, `insert into baileys_auth (channel_id, organization_id, creds_ciphertext) values (:id, :organization_id, :sealed)`, {
    id: baileysId,
    sealed: oldOnly.seal({ v: '{"me":"creds"}' }, credsContext(baileysId)),
  });
  for (const keyId of ['1', '2', '3', '4', '5']) {
    await scopedSql(em, `insert into baileys_keys (channel_id, organization_id, type, key_id, value_ciphertext) values (:id, :organization_id, 'pre-key', :keyId, :sealed)`, {
      id: baileysId,
      keyId,
      sealed: oldOnly.seal({ v: `{"key":${keyId}}` }, keyContext(baileysId, 'pre-key', keyId)),
    });
  }
});
afterAll(async () => db.destroy());

describe('rotating ENCRYPTION_KEY', () => {
  it('reads with either key during the change; rekey re-seals in batches, resumes after a stop, and is idempotent; then the new key alone reads everything', async () => {
    const before = await openAll(oldOnly);
    expect(before).toHaveLength(3 * 2 + 1 + 5);
    expect(await openAll(duringChange)).toEqual(before);
    expect(await countSealedByKey(db.orm.em, duringChange)).toEqual({ underPreviousKeys: before.length, unknownKeys: {} });
    const unreadable = (await sealedValues())[0];
    expect(() => newOnly.open(unreadable.value, unreadable.context)).toThrow(/ENCRYPTION_KEY/);

    let batches = 0;
    const stop = new Error('stopped after the first batch');
    await expect(
      rekeySealedValues(db.orm.em, duringChange, {
        batchSize: 2,
        onBatch: () => {
          batches += 1;
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect(batches).toBe(1);
    const halfway = await sealedValues();
    expect(halfway.filter((v) => v.value.startsWith(`sb1.${newOnly.activeKeyId}.`))).toHaveLength(2);

    expect(await runChannelsCommand(['rekey', '--batch', '2'], { em: db.orm.em, secretBox: duringChange, now: () => new Date(), print: (t) => printed.push(t), readStdin: async () => '' })).toBe(0);
    const report = JSON.parse(printed.at(-1) ?? '{}') as { keyId: string; counts: { table: string; column: string; resealed: number }[]; done: boolean };
    expect(report.keyId).toBe(newOnly.activeKeyId);
    expect(report.done).toBe(true);
    expect(report.counts.reduce((sum, c) => sum + c.resealed, 0)).toBe(before.length - 2);

    for (const value of await sealedValues()) expect(value.value.startsWith(`sb1.${newOnly.activeKeyId}.`)).toBe(true);
    expect(await countSealedByKey(db.orm.em, duringChange)).toEqual({ underPreviousKeys: 0, unknownKeys: {} });
    expect(await openAll(newOnly)).toEqual(before);
    const after = (await sealedValues()).map((v) => v.value);

    expect(await runChannelsCommand(['rekey'], { em: db.orm.em, secretBox: duringChange, now: () => new Date(), print: (t) => printed.push(t), readStdin: async () => '' })).toBe(0);
    const again = JSON.parse(printed.at(-1) ?? '{}') as { counts: { resealed: number }[] };
    expect(again.counts.every((c) => c.resealed === 0)).toBe(true);
    expect((await sealedValues()).map((v) => v.value)).toEqual(after);
  });

  it('with a key that sealed nothing here, stops with an error naming ENCRYPTION_KEY', async () => {
    const wrong = createSecretBox(randomBytes(32).toString('base64'));
    expect(await countSealedByKey(db.orm.em, wrong)).toEqual({ underPreviousKeys: 0, unknownKeys: { [newOnly.activeKeyId]: 3 * 2 + 1 + 5 } });
    const [value] = await sealedValues();
    expect(() => wrong.open(value.value, value.context)).toThrow(/not configured.*set ENCRYPTION_KEY to the key that sealed them, or list that key in ENCRYPTION_KEY_PREVIOUS/);
    await expect(rekeySealedValues(db.orm.em, wrong)).rejects.toThrow(/ENCRYPTION_KEY/);
  });

  it('names ENCRYPTION_KEY_PREVIOUS when one of the old keys is malformed', () => {
    expect(() => resolveSecretBoxKeys(loadConfig({ DATABASE_URL: 'postgres://x@localhost/x', ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: `${oldKey},too-short` }))).not.toThrow();
    expect(() => createSecretBox(resolveSecretBoxKeys(loadConfig({ DATABASE_URL: 'postgres://x@localhost/x', ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: `${oldKey},too-short` })))).toThrow(
      /ENCRYPTION_KEY_PREVIOUS \(key 2\) must be 32 bytes/,
    );
  });
});
