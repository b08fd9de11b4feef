import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { hours } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let segmentId: string;
const workerIds: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  for (let i = 0; i < 10; i++) {
    const worker = await world.admin('POST', '/v1/workers', { fullName: `Amina${i} Njeri`, phoneNumber: `+1555200000${i}` });
    workerIds.push(String(worker.json.id));
  }
  await world.sql(`update workers set status = 'opted_out', opted_out_at = now() where organization_id = :organization_id and phone_number in ('+15552000001', '+15552000002')`);
  await world.sql(`update workers set status = 'left' where organization_id = :organization_id and phone_number = '+15552000003'`);
  // One worker wrote within the last 24 hours: their window is open.
  await world.sql(
    `insert into messages (organization_id, channel_id, worker_id, direction, body, status, created_at) values (:organization_id, :channel, :worker, 'inbound', 'hi', 'received', :at)`,
    { channel: world.a.channelId, worker: workerIds[0], at: new Date(world.clock.now() - hours(1)).toISOString() },
  );
  segmentId = String((await world.admin('POST', '/v1/segments', { name: 'Everyone', rule: { field: 'language', op: 'neq', value: 'xx' } })).json.id);
});
afterAll(async () => db.destroy());

const messageCount = async () => (await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and direction = 'outbound'`))[0].n;

describe('broadcasts', () => {
  it('a dry run counts without sending', async () => {
    const dry = await world.call(world.a.keys.program_manager, 'POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'Hi' }, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ id: null, status: 'dry_run', recipients: 7, skipped: { optedOut: 2, left: 1 }, outsideWindow: 6 });
    expect(await messageCount()).toBe(0);
  });

  it('fans out once per Idempotency-Key; the same key with another body is refused', async () => {
    const body = { target: { segmentId }, content: { text: 'Hi {{first_name}}, the depot closes at 4. Questions? Ask ?? or :name' } };
    const headers = { 'idempotency-key': 'order-1' };
    const [first, concurrent] = await Promise.all([world.admin('POST', '/v1/broadcasts', body, headers), world.admin('POST', '/v1/broadcasts', body, headers)]);
    expect(first.status).toBe(201);
    expect(concurrent.json).toEqual(first.json);
    const retry = await world.admin('POST', '/v1/broadcasts', body, headers);
    expect(retry.json).toEqual(first.json);
    // The replay is the first answer byte for byte, key order included.
    expect(retry.text).toBe(first.text);
    expect(concurrent.text).toBe(first.text);
    expect(first.json).toMatchObject({ status: 'queued', recipients: 7, skipped: { optedOut: 2, left: 1 } });

    const rows = await world.sql<{ body: string; priority: number; status: string; worker_id: string }>(
      `select body, priority, status, worker_id from messages where organization_id = :organization_id and broadcast_id = :id order by body`,
      { id: String(first.json.id) },
    );
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.priority === 2 && row.status === 'queued')).toBe(true);
    expect(rows[0].body).toBe('Hi Amina0, the depot closes at 4. Questions? Ask ?? or :name');
    expect(rows.map((row) => row.worker_id)).not.toContain(workerIds[1]);
    expect((await world.sql<{ n: number }>(`select count(*)::int as n from broadcasts where organization_id = :organization_id`))[0].n).toBe(1);

    const reused = await world.admin('POST', '/v1/broadcasts', { ...body, content: { text: 'Something else' } }, headers);
    expect(reused.status).toBe(409);
    expect(reused.json.error).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('reports counts that match the messages table', async () => {
    const sent = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: workerIds.slice(4, 10) }, content: { template: { name: 'shift_update', language: 'en', variables: ['{{full_name}}', 'today'] } } });
    const id = String(sent.json.id);
    const ids = (await world.sql<{ id: string }>(`select id from messages where organization_id = :organization_id and broadcast_id = :id order by seq`, { id })).map((r) => r.id);
    const setStatus = (messageId: string, status: string) => world.sql(`update messages set status = :status where organization_id = :organization_id and id = :id`, { id: messageId, status });
    await setStatus(ids[0], 'sent');
    await setStatus(ids[1], 'delivered');
    await setStatus(ids[2], 'read');
    await setStatus(ids[3], 'failed');
    await setStatus(ids[4], 'sending');
    const read = await world.call(world.a.keys.training_manager, 'GET', `/v1/broadcasts/${id}`);
    expect(read.json).toMatchObject({ recipients: 6, counts: { queued: 2, sent: 3, delivered: 2, read: 1, failed: 1, held: 0 } });
    const [payload] = await world.sql<{ payload: { template: { variables: string[] } } }>(`select payload from messages where organization_id = :organization_id and id = :id`, { id: ids[0] });
    expect(payload.payload.template.variables).toEqual(['Amina4 Njeri', 'today']);
  });

  it('schedules for later and cancels before the time; a due broadcast cannot be cancelled', async () => {
    const sendAt = new Date(world.clock.now() + hours(2)).toISOString();
    const scheduled = await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'Later' }, sendAt });
    expect(scheduled.json).toMatchObject({ status: 'scheduled', sendAt, recipients: 7 });
    const id = String(scheduled.json.id);
    const [due] = await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and broadcast_id = :id and next_attempt_at = :at`, { id, at: sendAt });
    expect(due.n).toBe(7);
    const before = await messageCount();
    expect((await world.admin('POST', `/v1/broadcasts/${id}/cancel`)).json).toEqual({ withdrawn: 7 });
    expect(await messageCount()).toBe(before - 7);
    expect((await world.admin('GET', `/v1/broadcasts/${id}`)).json).toMatchObject({ status: 'cancelled', counts: { queued: 0 } });
    expect((await world.admin('POST', `/v1/broadcasts/${id}/cancel`)).status).toBe(409);
    const now = await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'Now' } });
    expect((await world.admin('POST', `/v1/broadcasts/${String(now.json.id)}/cancel`)).json.error).toMatchObject({ code: 'not_scheduled' });
  });

  it("targets a program's active workers, and refuses unknown targets naming the field", async () => {
    const [program] = await world.sql<{ id: string }>(`insert into programs (organization_id, name, status) values (:organization_id, 'P', 'active') returning id`);
    await world.sql(
      `insert into worker_assignments (organization_id, program_id, worker_id, status) values (:organization_id, :p, :w1, 'active'), (:organization_id, :p, :w2, 'completed'), (:organization_id, :p, :w3, 'active')`,
      { p: program.id, w1: workerIds[5], w2: workerIds[6], w3: workerIds[1] },
    );
    const dry = await world.admin('POST', '/v1/broadcasts', { target: { programId: program.id }, content: { text: 'x' }, dryRun: true });
    expect(dry.json).toMatchObject({ recipients: 1, skipped: { optedOut: 1 } });
    const unknown = await world.admin('POST', '/v1/broadcasts', { target: { segmentId: '00000000-0000-4000-8000-00000000beef' }, content: { text: 'x' } });
    expect(unknown.json.error).toMatchObject({ code: 'unknown_segment', field: 'target.segmentId' });
    const [theirs] = await world.sql<{ id: string }>(`insert into workers (organization_id, full_name, phone_number) values (:organization_id, 'B', '+15552009999') returning id`, {}, world.b.id);
    for (const listed of [[workerIds[4], '00000000-0000-4000-8000-00000000beef'], [workerIds[4], workerIds[5], theirs.id]]) {
      const refused = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: listed }, content: { text: 'x' }, dryRun: true });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'unknown_worker', field: `target.workerIds.${listed.length - 1}` });
    }
    for (const target of [{}, { segmentId, programId: program.id }, { site: 'north' }]) {
      const vague = await world.admin('POST', '/v1/broadcasts', { target, content: { text: 'x' }, dryRun: true });
      expect(vague.status).toBe(400);
      expect(vague.json.error).toMatchObject({ code: 'invalid_json', field: 'target', message: expect.stringContaining('target: give exactly one of segmentId, programId or workerIds') });
    }
    const empty = await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: {} });
    expect(empty.json.error).toMatchObject({ code: 'invalid_json', field: 'content' });
  });

  it('takes as many listed workers as its body limit admits, and names the list when it is longer', async () => {
    const listed = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const most = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: listed(25_000) }, content: { text: 'Hi {{first_name}}, the depot closes early today.' }, dryRun: true });
    expect(most.json.error).toMatchObject({ code: 'unknown_worker', field: 'target.workerIds.0' });
    const over = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: listed(25_001) }, content: { text: 'x' }, dryRun: true });
    expect(over.status).toBe(400);
    expect(over.json.error).toMatchObject({ code: 'invalid_json', field: 'target.workerIds', message: expect.stringContaining('at most 25000 workers') });
  });

  it("sends a content item's text in each worker's language", async () => {
    await publishFlows(world.em(), ['onboarding']);
    const [content] = await world.sql<{ id: string; body: { text: Record<string, string> } }>(
      `select id, body from content where organization_id = :organization_id and body->'text'->>'es' is not null and body->'text'->>'en' is not null order by id limit 1`,
    );
    await world.sql(`update workers set language = 'es' where organization_id = :organization_id and id = :id`, { id: workerIds[4] });
    const sent = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerIds[4], workerIds[5]] }, content: { contentId: content.id } });
    expect(sent.json).toMatchObject({ recipients: 2 });
    const rows = await world.sql<{ worker_id: string; body: string }>(`select worker_id, body from messages where organization_id = :organization_id and broadcast_id = :id`, { id: String(sent.json.id) });
    const expected = (text: string, name: string) => text.replaceAll('{{first_name}}', name);
    expect(rows.find((r) => r.worker_id === workerIds[4])?.body).toBe(expected(content.body.text.es, 'Amina4'));
    expect(rows.find((r) => r.worker_id === workerIds[5])?.body).toBe(expected(content.body.text.en, 'Amina5'));
    const both = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerIds[4]] }, content: { contentId: content.id, text: 'x' } });
    expect(both.json.error).toMatchObject({ field: 'content.contentId' });
    const theirs = await world.admin('POST', '/v1/broadcasts', { target: { workerIds: [workerIds[4]] }, content: { contentId: '00000000-0000-4000-8000-00000000c0de' } });
    expect(theirs.json.error).toMatchObject({ code: 'unknown_content', field: 'content.contentId' });
  });

  it('enforces the tier limit on broadcasts per day', async () => {
    await scopedSql(asSystem(db.orm.em, 'test: downgrade'), `update organizations set subscription_tier = 'basic' where id = :id`, { id: world.a.id });
    const [{ n: today }] = await world.sql<{ n: number }>(`select count(*)::int as n from broadcasts where organization_id = :organization_id`);
    for (let i = today; i < 5; i++) expect((await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'x' } })).status).toBe(201);
    let answer = await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'x' } });
    expect(answer.status).toBe(402);
    expect(answer.json.error).toMatchObject({ code: 'tier_limit' });
    expect(String((answer.json.error as { message: string }).message)).toContain('basic tier allows 5');
    answer = await world.admin('POST', '/v1/broadcasts', { target: { segmentId }, content: { text: 'x' }, dryRun: true });
    expect(answer.status).toBe(200);
  });
});
