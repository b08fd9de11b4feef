import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoApiKey } from '../../src/api/apiKeys/createDemoApiKey';
import { apiRoutes } from '../../src/api/apiRoutes';
import { Channel } from '../../src/db/entities/Channel';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization } from '../support/factories';
import { ManualClock } from '../support/manualClock';
import { publishFlows } from '../support/publishFlows';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-api-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the management API on the embedded database (npm start)', () => {
  it('imports, segments, enrolls, broadcasts idempotently and exports', async () => {
    const database = await openDatabase({ dataDir, poolSize: 4 });
    try {
      await migrateDatabase(database);
      const organization = await createOrganization(asSystem(database.orm.em, 'test setup'));
      const em = forOrganization(database.orm.em, organization.id);
      em.create(Channel, { id: randomUUID(), organization: organization.id, kind: 'console', name: 'Console', address: 'console:x', settings: {}, secretsCiphertext: null });
      await em.flush();
      await publishFlows(forOrganization(database.orm.em, organization.id), ['onboarding']);
      const key = await createDemoApiKey(database.orm.em, organization.id);
      const app = new Hono().route('/', apiRoutes({ engine: { orm: database.orm, clock: new ManualClock(), logger: createLogger('silent') } }));
      const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const response = await app.request(`http://localhost${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, text, json: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown> };
      };

      const csv = ['name,phone,site', ...Array.from({ length: 50 }, (_, i) => `W${i},+1999000${String(i).padStart(4, '0')},${i % 2 ? 'A' : 'B'}`), 'Bad,123,A'].join('\n');
      expect((await call('POST', '/v1/workers/import', csv, { 'content-type': 'text/csv' })).json).toMatchObject({ created: 50, failed: 1 });
      const segment = await call('POST', '/v1/segments', { name: 'A', rule: { attribute: 'site', op: 'eq', value: 'A' } });
      expect(segment.json.memberCount).toBe(25);
      const program = await call('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'], segmentIds: [segment.json.id] });
      await call('POST', `/v1/programs/${String(program.json.id)}/activate`);
      expect((await call('POST', `/v1/programs/${String(program.json.id)}/enroll`, {})).json).toMatchObject({ assigned: 25, started: 25 });
      const body = { target: { segmentId: segment.json.id }, content: { text: 'Hello {{first_name}}' } };
      const [first, second] = await Promise.all([call('POST', '/v1/broadcasts', body, { 'idempotency-key': 'k1' }), call('POST', '/v1/broadcasts', body, { 'idempotency-key': 'k1' })]);
      expect(first.json).toMatchObject({ recipients: 25 });
      expect(second.json).toEqual(first.json);
      expect((await call('GET', `/v1/broadcasts/${String(first.json.id)}`)).json).toMatchObject({ counts: { queued: 25 } });
      expect((await call('GET', '/v1/exports/progress')).text.split('\r\n').length).toBeGreaterThan(25);
    } finally {
      await database.close();
    }
  }, 60_000); // the embedded database runs initdb, starts and migrates: slow on a loaded machine
});
