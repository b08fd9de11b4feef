import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { retireSecrets } from '../../src/channels/retiredSecrets';
import { createSecretBox } from '../../src/secrets/secretBox';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { buildTwilioStatusForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { createOrganization } from '../support/factories';
import { hours, ManualClock } from '../support/manualClock';
import { startTcpProxy, type TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const secretBox = createSecretBox(randomBytes(32).toString('base64'));
const clock = new ManualClock();
const channelId = randomUUID();
let db: TestDatabase;
let proxied: Database;
let proxy: TcpProxy;

beforeAll(async () => {
  db = await createTestDatabase();
  const url = new URL(db.url);
  proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${proxy.port}`;
  proxied = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 });
  const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
  const retired = retireSecrets(secretBox, { channelId, kind: 'twilio', sealed: null, before: { authToken: 'old-token-SECRET' }, after: { authToken: 'new-token-SECRET' }, now: clock.now() });
  await scopedSql(
    forOrganization(db.orm.em, organization.id),
    `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext, retired_secrets_ciphertext)
     values (:id, :organization_id, 'twilio', 'Twilio', '+15550007777', :settings, :sealed, :retired)`,
    { id: channelId, settings: JSON.stringify({ accountSid: `AC${'5'.repeat(32)}`, from: '+15550007777' }), sealed: secretBox.seal({ authToken: 'new-token-SECRET' }, channelId), retired },
  );
});
afterAll(async () => {
  await proxied.close();
  await proxy.close();
  await db.destroy();
});

describe('a rotated-out secret while the database is down', () => {
  it('is still accepted from the registry’s memory during the grace period, and refused after it', async () => {
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox, clock, secretGraceMs: hours(24), publicUrl: 'https://coach.example.test', consoleSink: () => undefined });
    const url = `https://coach.example.test/webhooks/twilio/${channelId}/status`;
    const form = buildTwilioStatusForm({ messageSid: `SM${'8'.repeat(32)}`, status: 'read', from: '+15550007777', to: '+15550008888' });
    const request = (token: string) => {
      const signed = signTwilioRequest(token, url, form);
      return { url, headers: { 'x-twilio-signature': signed.headers['x-twilio-signature'] }, rawBody: signed.rawBody };
    };
    const system = () => asSystem(proxied.orm.em, 'test');
    expect(await registry.byId(system(), channelId)).toBeDefined();

    proxy.cut();
    try {
      const remembered = await registry.byId(system(), channelId);
      expect(remembered?.verify(request('old-token-SECRET'))).toEqual({ ok: true, retiredSecret: { name: 'authToken', replacedAt: new Date(clock.now()).toISOString() } });
      expect(remembered?.verify(request('new-token-SECRET'))).toEqual({ ok: true });
      clock.advance(hours(24) + 1);
      expect(remembered?.verify(request('old-token-SECRET'))).toMatchObject({ ok: false, reason: 'bad_signature', expiredSecret: { name: 'authToken' } });
      expect(remembered?.verify(request('new-token-SECRET'))).toEqual({ ok: true });
    } finally {
      proxy.restore();
    }
  });
});
