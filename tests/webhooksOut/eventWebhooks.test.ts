import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import type { DomainEvent } from '../../src/events/domainEvent';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createLogger } from '../../src/logging/createLogger';
import { createSecretBox } from '../../src/secrets/secretBox';
import { deliverDueWebhooks } from '../../src/webhooksOut/deliverDueWebhooks';
import type { EventSenderDependencies } from '../../src/webhooksOut/eventSenderDependencies';
import { replayDelivery } from '../../src/webhooksOut/listEndpointDeliveries';
import { createWebhookEndpoint, readWebhookEndpoint, updateWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import { RETRY_DELAYS_MS } from '../../src/webhooksOut/retrySchedule';
import { sendJson, startRecordingServer, type RecordedRequest, type RecordingServer } from '../fakes/startRecordingServer';
import { loopbackOutboundFetch } from '../support/loopbackReceivers';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { hours } from '../support/manualClock';
import { playOnboarding } from '../support/playOnboarding';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const secretBox = createSecretBox(randomBytes(32).toString('hex'));
let db: TestDatabase;
let receiver: RecordingServer;
/** How the receiver answers each request: a status, or `hang` (never answers). */
let answer: (request: RecordedRequest) => number | 'hang';

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startRecordingServer((request, response) => {
    const status = answer(request);
    if (status !== 'hang') sendJson(response, status, {});
  });
});
afterAll(async () => {
  await receiver.close();
  await db.destroy();
});
beforeEach(() => {
  receiver.requests.length = 0;
  answer = () => 200;
});

interface Receiving {
  world: EngineWorld;
  secret: string;
  endpointId: string;
  deps: EventSenderDependencies;
  emails: { to: string; subject: string; text: string }[];
}

async function worldWithEndpoint(): Promise<Receiving> {
  const world = await createEngineWorld(db, { flow: 'onboarding' });
  const endpoint = await createWebhookEndpoint(world.em(), secretBox, { url: `${receiver.baseUrl}/hooks`, events: ['worker.enrolled', 'touchpoint.completed', 'quiz.answered', 'reflection.submitted', 'badge.earned', 'journey.completed', 'program.completed', 'worker.opted_out', 'worker.opted_in', 'handoff.requested'] });
  const emails: Receiving['emails'] = [];
  const deps: EventSenderDependencies = { orm: db.orm, clock: world.clock, logger: createLogger('silent'), secretBox, outboundFetch: loopbackOutboundFetch(), timeoutMs: 300, sendEmail: async (email) => void emails.push(email) };
  return { world, secret: endpoint.secret, endpointId: endpoint.id, deps, emails };
}

async function deliverAll(deps: EventSenderDependencies): Promise<void> {
  while ((await deliverDueWebhooks(deps)) > 0);
}

const bodyOf = (request: RecordedRequest) => JSON.parse(request.rawBody) as { id: string; type: string; workerId: string; data: Record<string, unknown> };

async function deliveries(world: EngineWorld) {
  return world.sql<{ type: string; status: string; attempts: number; last_status: number | null; last_error: string | null }>(
    `select ev.type, d.status, d.attempts, d.last_status, d.last_error from event_deliveries d join domain_events ev on ev.id = d.event_id
      where d.organization_id = :organization_id order by d.id`,
  );
}

describe('event webhooks out', () => {
  it('turns a journey played through the pipeline into signed events the package verifies, in order', async () => {
    const { world, secret, deps } = await worldWithEndpoint();
    const worker = await world.addWorker({ phoneNumber: '+15557000001' });
    await playOnboarding(world, worker.id, async (text) => void (await world.say('+15557000001', text)));
    expect(receiver.requests).toHaveLength(0); // nothing leaves inside the engine's transactions

    await deliverAll(deps);
    const verifier = new Webhook(secret);
    const bodies = receiver.requests.map((request) => verifier.verify(request.rawBody, request.headers as Record<string, string>) as ReturnType<typeof bodyOf>);
    expect(bodies.map((body) => body.type)).toEqual([
      'worker.enrolled',
      'touchpoint.completed', 'touchpoint.completed', 'quiz.answered', 'touchpoint.completed', 'quiz.answered', 'touchpoint.completed', 'badge.earned',
      'reflection.submitted', 'touchpoint.completed', 'touchpoint.completed', 'badge.earned', 'journey.completed', 'program.completed',
    ]);
    expect(bodies.every((body) => body.workerId === worker.id)).toBe(true);
    expect(new Set(bodies.map((body) => body.id)).size).toBe(bodies.length);
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual(bodies.map((body) => body.id));
    expect(bodies.find((body) => body.type === 'quiz.answered')?.data).toMatchObject({ journeyKey: 'onboarding', touchpointKey: 'q-schedule', correct: true, attempt: 1 });
    expect(bodies.find((body) => body.type === 'reflection.submitted')?.data).toMatchObject({ text: 'Tiring, but I learned a lot.' });
    expect(JSON.stringify(bodies)).not.toContain('+15557000001');
    expect((await deliveries(world)).every((row) => row.status === 'delivered' && row.last_status === 200)).toBe(true);

    const tampered = { ...(receiver.requests[0].headers as Record<string, string>), 'webhook-signature': 'v1,AAAA' };
    expect(() => verifier.verify(receiver.requests[0].rawBody, tampered)).toThrow();
  });

  it("retries after a 500 and after a timeout with backoff, holding the worker's later events until the first is delivered", async () => {
    const { world, deps } = await worldWithEndpoint();
    const [ann, bob] = [await world.addWorker(), await world.addWorker()];
    const at = world.clock.now();
    const events: DomainEvent[] = [
      { type: 'worker.opted_out', workerId: ann.id, occurredAt: at, data: {} },
      { type: 'worker.opted_in', workerId: ann.id, occurredAt: at, data: {} },
      { type: 'handoff.requested', workerId: ann.id, occurredAt: at, data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } },
      { type: 'handoff.requested', workerId: bob.id, occurredAt: at, data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } },
    ];
    await world.em().transactional((tx) => insertDomainEvents(tx, events));
    let annAttempts = 0;
    answer = (request) => {
      if (bodyOf(request).workerId !== ann.id || bodyOf(request).type !== 'worker.opted_out') return 200;
      annAttempts++;
      return annAttempts === 1 ? 500 : annAttempts === 2 ? 'hang' : 200;
    };
    const sent = () => receiver.requests.map((request) => `${bodyOf(request).workerId === ann.id ? 'ann' : 'bob'}:${bodyOf(request).type}`);

    await deliverAll(deps);
    expect(sent()).toEqual(expect.arrayContaining(['ann:worker.opted_out', 'bob:handoff.requested']));
    expect(sent()).toHaveLength(2); // ann's later events wait behind her first
    world.clock.advance(RETRY_DELAYS_MS[0] - 1);
    await deliverAll(deps);
    expect(sent()).toHaveLength(2); // not yet due

    world.clock.advance(1);
    await deliverAll(deps);
    expect(sent()).toHaveLength(3); // the timed-out attempt
    const [timedOut] = (await deliveries(world)).filter((row) => row.type === 'worker.opted_out');
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 2, last_status: null, last_error: 'no answer within 300 ms' });

    world.clock.advance(RETRY_DELAYS_MS[1]);
    await deliverAll(deps);
    expect(sent().filter((line) => line.startsWith('ann:'))).toEqual(['ann:worker.opted_out', 'ann:worker.opted_out', 'ann:worker.opted_out', 'ann:worker.opted_in', 'ann:handoff.requested']);
    expect((await deliveries(world)).map((row) => [row.type, row.status, row.attempts])).toEqual([
      ['worker.opted_out', 'delivered', 3],
      ['worker.opted_in', 'delivered', 1],
      ['handoff.requested', 'delivered', 1],
      ['handoff.requested', 'delivered', 1],
    ]);
  });

  it('gives up after more than 24 hours of failures, disables the endpoint and emails the admins; a replay after a fix delivers', async () => {
    const { world, deps, emails, endpointId } = await worldWithEndpoint();
    await world.sql(`insert into users (organization_id, email, role) values (:organization_id, 'admin@events.test', 'org_admin'), (:organization_id, 'coach@events.test', 'coach')`);
    const worker = await world.addWorker();
    await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: worker.id, occurredAt: world.clock.now(), data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } }]));
    answer = () => 503;
    const started = world.clock.now();
    for (const delay of [...RETRY_DELAYS_MS, 0]) {
      await deliverAll(deps);
      world.clock.advance(delay);
    }
    expect(world.clock.now() - started).toBeGreaterThan(hours(24));
    expect(receiver.requests).toHaveLength(RETRY_DELAYS_MS.length + 1);
    const [failed] = await deliveries(world);
    expect(failed).toMatchObject({ status: 'failed', attempts: 8, last_status: 503 });
    const endpoint = await readWebhookEndpoint(world.em(), endpointId);
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('failed 8 times') });
    expect(emails.map((email) => email.to)).toEqual(['admin@events.test']);
    expect(emails[0].text).toContain(`${receiver.baseUrl}/hooks`);

    // Later events wait for the endpoint; enabling it and replaying the failed one delivers both.
    await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'worker.opted_out', workerId: worker.id, occurredAt: world.clock.now(), data: {} }]));
    await deliverAll(deps);
    expect(receiver.requests).toHaveLength(8);
    answer = () => 200;
    await updateWebhookEndpoint(world.em(), secretBox, endpointId, { enabled: true });
    const [{ id }] = await world.sql<{ id: string }>(`select id::text from event_deliveries where organization_id = :organization_id and status = 'failed'`);
    expect(await replayDelivery(world.em(), endpointId, id, world.clock.now())).toBeDefined();
    await deliverAll(deps);
    expect(receiver.requests.slice(8).map((request) => bodyOf(request).type)).toEqual(['handoff.requested', 'worker.opted_out']);
    expect(receiver.requests[8].headers['webhook-id']).toBe(receiver.requests[0].headers['webhook-id']);
  });

  it('takes events written in the system scope (the dispatcher failing a message at claim) for the organization named', async () => {
    const { world, deps } = await worldWithEndpoint();
    await updateWebhookEndpoint(world.em(), secretBox, (await world.sql<{ id: string }>(`select id from webhook_endpoints where organization_id = :organization_id`))[0].id, { events: ['message.failed'] });
    const worker = await world.addWorker();
    const failed: DomainEvent = { type: 'message.failed', workerId: worker.id, occurredAt: world.clock.now(), data: { messageId: 'm1', code: 'no_template', reason: 'no template for a closed window' } };
    await asSystem(db.orm.em, 'test').transactional((tx) => insertDomainEvents(tx, [failed], world.organization.id));
    await deliverAll(deps);
    expect(receiver.requests.map((request) => bodyOf(request))).toEqual([expect.objectContaining({ type: 'message.failed', workerId: worker.id, data: failed.data })]);
  });

  it('sends nothing to an endpoint not subscribed to the type, nor to another organization', async () => {
    const one = await worldWithEndpoint();
    const other = await createEngineWorld(db, { flow: 'onboarding' });
    await updateWebhookEndpoint(one.world.em(), secretBox, one.endpointId, { events: ['handoff.requested'] });
    const worker = await one.world.addWorker();
    await one.world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'worker.opted_out', workerId: worker.id, occurredAt: one.world.clock.now(), data: {} }]));
    const stranger = await other.addWorker();
    await other.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: stranger.id, occurredAt: other.clock.now(), data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } }]));
    await deliverAll(one.deps);
    expect(receiver.requests).toHaveLength(0);
  });
});
