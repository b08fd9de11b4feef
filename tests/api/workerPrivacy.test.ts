import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseWorker } from '../../src/api/workers/workerPrivacy';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { findWorkerByPhone } from '../../src/engine/findWorkerByPhone';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';

let db: TestDatabase;
let world: ApiWorld;
const mediaDir = mkdtempSync(join(tmpdir(), 'erasure-media-'));
let workerId: string;
let programId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db, { mediaDir });
  await publishFlows(world.em(), ['onboarding']);
  workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber: '+15556000001', attributes: { site: 'Nairobi' } })).json.id);
  programId = String((await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  await world.admin('POST', `/v1/programs/${programId}/activate`);
  await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workerId] });
  await world.sql(`update messages set status = 'delivered' where organization_id = :organization_id and worker_id = :worker`, { worker: workerId });
  mkdirSync(join(mediaDir, world.a.channelId), { recursive: true });
  writeFileSync(join(mediaDir, world.a.channelId, 'photo.jpg'), 'jpeg');
  await world.sql(
    `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, created_at)
     values (:organization_id, :channel, :worker, 'inbound', 'my reflection on safety', :payload::jsonb, 'received', now())`,
    { channel: world.a.channelId, worker: workerId, payload: JSON.stringify({ media: { providerRef: `${world.a.channelId}/photo.jpg` } }) },
  );
  await world.sql(
    `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, answer, correct, score, completed_at)
     select :organization_id, wa.id, t.id, 'B', true, 1, now() from worker_assignments wa, touchpoints t
      where wa.organization_id = :organization_id and wa.worker_id = :worker and t.organization_id = :organization_id limit 1`,
    { worker: workerId },
  );
  await world.sql(`insert into well_being_answers (organization_id, worker_id, value, answered_at) values (:organization_id, :worker, 4, now())`, { worker: workerId });
  await world.admin('POST', '/v1/webhook-endpoints', { url: 'https://hr.example.test/hooks', events: ['reflection.submitted'] });
  await world.em().transactional((tx) =>
    insertDomainEvents(tx, [{ type: 'reflection.submitted', workerId, occurredAt: world.clock.now(), data: { conversationId: 'c', journeyKey: 'onboarding', touchpointKey: 'first-day', text: 'my reflection on safety' } }]),
  );
  await world.sql(`update event_deliveries set body = 'my reflection on safety' where organization_id = :organization_id and worker_id = :worker`, { worker: workerId });
});
afterAll(async () => db.destroy());

describe("a worker's data", () => {
  it('exports everything held about the worker', async () => {
    const data = await world.admin('GET', `/v1/workers/${workerId}/data`);
    expect(data.json.worker).toMatchObject({ phone_number: '+15556000001', full_name: 'Amina Njeri' });
    expect((data.json.messages as { body: string | null }[]).some((m) => m.body === 'my reflection on safety')).toBe(true);
    expect((data.json.progress as { answer: string | null }[]).some((p) => p.answer === 'B')).toBe(true);
    expect(data.json.wellBeingAnswers).toHaveLength(1);
    expect((await world.call(world.a.keys.training_manager, 'GET', `/v1/workers/${workerId}/data`)).status).toBe(403);
  });

  it('erases personal data while the figures stay right', async () => {
    const before = (await world.admin('GET', `/v1/programs/${programId}/progress`)).json;
    const [{ n: messagesBefore }] = await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and worker_id = :worker`, { worker: workerId });

    const erased = await world.admin('POST', `/v1/workers/${workerId}/erase`);
    expect(erased.json).toMatchObject({ answersCleared: 1, conversationsEnded: 1, mediaFilesDeleted: 1 });
    expect(existsSync(join(mediaDir, world.a.channelId, 'photo.jpg'))).toBe(false);

    const worker = (await world.admin('GET', `/v1/workers/${workerId}`)).json;
    expect(worker).toMatchObject({ fullName: 'Erased worker', phoneNumber: null, attributes: {}, status: 'left' });
    const texts = await world.sql<{ body: string | null; payload: object }>(`select body, payload from messages where organization_id = :organization_id and worker_id = :worker`, { worker: workerId });
    expect(texts).toHaveLength(messagesBefore);
    expect(texts.every((m) => m.body === null && Object.keys(m.payload).length === 0)).toBe(true);
    const progress = await world.sql<{ answer: string | null; correct: boolean | null }>(`select answer, correct from worker_progress where organization_id = :organization_id`);
    expect(progress.every((p) => p.answer === null)).toBe(true);
    expect(progress.filter((p) => p.correct === true)).toHaveLength(1);
    const events = await world.sql<{ data: object; body: string | null }>(
      `select ev.data, d.body from domain_events ev join event_deliveries d on d.event_id = ev.id where ev.organization_id = :organization_id and ev.worker_id = :worker`,
      { worker: workerId },
    );
    expect(events).toEqual([{ data: { conversationId: 'c', journeyKey: 'onboarding', touchpointKey: 'first-day' }, body: null }]);
    expect((await world.admin('GET', `/v1/programs/${programId}/progress`)).json).toEqual(before);
    const [conversation] = await world.sql<{ status: string }>(`select status from conversations where organization_id = :organization_id and worker_id = :worker`, { worker: workerId });
    expect(conversation.status).toBe('ended');
    // A worker who left receives nothing more.
    const broadcast = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerId] }, content: { text: 'x' } });
    expect(broadcast.json).toMatchObject({ recipients: 0, skipped: { left: 1 } });
  });

  it('answers zeros to a second erasure: it reports what it erased, and nothing was left', async () => {
    const id = String((await world.admin('POST', '/v1/workers', { fullName: 'Chege Mwangi', phoneNumber: '+15556000003' })).json.id);
    await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [id] });
    await world.sql(`update messages set status = 'delivered' where organization_id = :organization_id and worker_id = :worker`, { worker: id });

    const first = await world.admin('POST', `/v1/workers/${id}/erase`);
    expect(first.json).toMatchObject({ messagesCleared: expect.any(Number), conversationsEnded: 1 });
    expect(first.json.messagesCleared).toBeGreaterThan(0);
    const second = await world.admin('POST', `/v1/workers/${id}/erase`);
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ messagesCleared: 0, answersCleared: 0, conversationsEnded: 0, mediaFilesDeleted: 0 });
  });

  it("waits for a step that holds the worker, so what the step writes is erased too", async () => {
    const phoneNumber = '+15556000002';
    const id = String((await world.admin('POST', '/v1/workers', { fullName: 'Baraka Otieno', phoneNumber })).json.id);
    let locked!: () => void;
    const stepLocked = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const stepMayGoOn = new Promise<void>((resolve) => (release = resolve));
    // An inbound step: it locks the worker, then writes the worker's message.
    const step = world.em().transactional(async (tx) => {
      await findWorkerByPhone(tx, phoneNumber);
      locked();
      await stepMayGoOn;
      await scopedSql(
        tx,
        `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, created_at)
         values (:organization_id, :channel, :worker, 'inbound', 'my answer', '{}'::jsonb, 'received', now())`,
        { channel: world.a.channelId, worker: id },
      );
    });
    await stepLocked;
    const probe = new pg.Client({ connectionString: db.url });
    await probe.connect();
    let erasure: ReturnType<typeof eraseWorker> | undefined;
    try {
      erasure = eraseWorker(world.em(), id, world.clock.now());
      await waitFor('the erasure to wait for the worker the step holds', async () => {
        const { rows } = await probe.query<{ waiting: string }>(`select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return rows[0].waiting === '1';
      });
    } finally {
      release();
      await probe.end();
    }
    await step;
    expect(await erasure).toMatchObject({ messagesCleared: 1 });
    const texts = await world.sql<{ body: string | null }>(`select body from messages where organization_id = :organization_id and worker_id = :worker`, { worker: id });
    expect(texts).toEqual([{ body: null }]);
  });
});
