import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import type { DomainEvent } from '../../src/events/domainEvent';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createSecretBox } from '../../src/secrets/secretBox';
import { createWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import { sendJson, startRecordingServer, type RecordingServer } from '../fakes/startRecordingServer';
import { createOrganization, createWorker } from '../support/factories';
import { spawnEngineProcess } from '../support/spawnEngineProcess';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let receiver: RecordingServer;

beforeAll(async () => {
  db = await createTestDatabase();
  // Slow answers, so the kill lands while deliveries are in flight.
  receiver = await startRecordingServer((_request, response) => void setTimeout(() => sendJson(response, 200, {}), 40));
});
afterAll(async () => {
  await receiver.close();
  await db.destroy();
});

const WORKERS = 8;
const EVENTS_EACH = 5;

describe('event webhooks across a kill -9 of the engine', () => {
  it('delivers every event after a restart, each worker\'s in order', async () => {
    const encryptionKey = randomBytes(32).toString('hex');
    const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const em = forOrganization(db.orm.em, organization.id);
    const { secret } = await createWebhookEndpoint(em, createSecretBox(encryptionKey), { url: `${receiver.baseUrl}/hooks`, events: ['handoff.requested'] });
    const workers = [];
    for (let i = 0; i < WORKERS; i++) workers.push(await createWorker(asSystem(db.orm.em, 'test setup'), organization.id));
    const events: DomainEvent[] = [];
    for (let n = 0; n < EVENTS_EACH; n++) {
      for (const worker of workers) events.push({ type: 'handoff.requested', workerId: worker.id, occurredAt: Date.now(), data: { n } } as unknown as DomainEvent);
    }
    await em.transactional((tx) => insertDomainEvents(tx, events));

    const env = { DATABASE_URL: db.url, ENCRYPTION_KEY: encryptionKey, EVENT_LEASE_MS: '1500' };
    const first = await spawnEngineProcess(env);
    await waitFor('a third of the events', () => receiver.requests.length >= events.length / 3);
    await first.kill();
    const second = await spawnEngineProcess(env);
    try {
      await waitFor('every delivery done', async () => {
        const [{ open }] = await em.getConnection().execute<{ open: number }[]>(`select count(*)::int as open from event_deliveries where status <> 'delivered'`);
        return open === 0;
      });
    } finally {
      await second.stop();
    }

    const verifier = new Webhook(secret);
    const received = receiver.requests.map((request) => verifier.verify(request.rawBody, request.headers as Record<string, string>) as { id: string; workerId: string; data: { n: number } });
    expect(new Set(received.map((body) => body.id)).size).toBe(events.length); // none lost
    for (const worker of workers) {
      const firstSeen: number[] = [];
      for (const body of received) if (body.workerId === worker.id && !firstSeen.includes(body.data.n)) firstSeen.push(body.data.n);
      expect(firstSeen).toEqual([0, 1, 2, 3, 4]);
    }
    console.info(`events crash test: ${received.length} requests for ${events.length} events`);
  }, 60_000);
});
