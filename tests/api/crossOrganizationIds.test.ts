import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

/**
 * Organization b's key, given organization a's ids where a route takes an id in its query or
 * body, or a sub-resource id under b's own resource (the path ids themselves are swept by
 * permissionMatrix.test.ts). Each answer must be a refusal exactly like the one a missing id gets,
 * tell nothing of a's rows, and a's data must not change.
 */

let db: TestDatabase;
let world: ApiWorld;
const marker = { name: 'Ann Tenant-A', phone: '+15553100001', segment: 'Segment of A' };
/** a's rows (`of.a`) and b's own rows the routes are called on (`of.b`). */
const of = { a: {} as Record<string, string>, b: {} as Record<string, string> };

async function snapshotOfA(): Promise<Record<string, string>> {
  const tables = await world.sql<{ table_name: string }>(
    `select distinct table_name from information_schema.columns c where c.table_schema = 'public' and c.column_name = 'organization_id' and :organization_id::uuid is not null order by 1`,
  );
  const snapshot: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const [row] = await world.sql<{ digest: string | null }>(`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${table} t where organization_id = :organization_id`);
    snapshot[table] = row.digest ?? 'empty';
  }
  const [organization] = await world.sql<{ digest: string }>(`select md5(o::text) as digest from organizations o where id = :organization_id`);
  return { ...snapshot, organizations: organization.digest };
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await publishFlows(world.em(world.a.id), ['onboarding']);
  await publishFlows(world.em(world.b.id), ['onboarding']);
  for (const side of ['a', 'b'] as const) {
    const org = world[side];
    const call = (method: string, path: string, body?: unknown) => world.call(org.keys.org_admin, method, path, body);
    const ids = of[side];
    ids.worker = String((await call('POST', '/v1/workers', side === 'a' ? { fullName: marker.name, phoneNumber: marker.phone } : { fullName: 'Bo B', phoneNumber: '+15553200001' })).json.id);
    ids.segment = String((await call('POST', '/v1/segments', { name: side === 'a' ? marker.segment : 'Segment of B' })).json.id);
    expect((await call('POST', `/v1/segments/${ids.segment}/members`, { workerIds: [ids.worker] })).status).toBeLessThan(300);
    ids.program = String((await call('POST', '/v1/programs', { name: `P ${side}`, blueprints: ['onboarding'] })).json.id);
    expect((await call('POST', `/v1/programs/${ids.program}/activate`)).status).toBe(200);
    ids.experiment = String((await call('POST', '/v1/experiments', { key: `x${side}`, name: 'X', level: 'journey', variants: [{ key: 'a' }, { key: 'b' }] })).json.id);
    ids.channel = org.channelId;
    ids.content = (await world.sql<{ id: string }>(`select id from content where organization_id = :organization_id limit 1`, {}, org.id))[0].id;
    ids.user = (await world.sql<{ id: string }>(`insert into users (organization_id, email, role) values (:organization_id, :email, 'coach') returning id`, { email: `${side}@example.test` }, org.id))[0].id;
    ids.inboxItem = (await world.sql<{ id: string }>(
      `insert into coach_inbox_items (organization_id, worker_id, cause, reason, raised_at) values (:organization_id, :worker::uuid, 'asked_for_person', 'Sent AGENT', now()) returning id`,
      { worker: ids.worker },
      org.id,
    ))[0].id;
    ids.ledgerEntry = (await world.sql<{ id: string }>(
      `insert into gamification_ledger (organization_id, worker_id, kind, points, idempotency_key, occurred_at, week_start)
       values (:organization_id, :worker::uuid, 'manual', 5, :key, now(), date_trunc('week', now())::date) returning id`,
      { worker: ids.worker, key: `sweep-${side}` },
      org.id,
    ))[0].id;
    ids.template = (await world.sql<{ id: string }>(
      `insert into channel_templates (organization_id, channel_id, name, language, status, body, variables, source)
       values (:organization_id, :channel::uuid, 'greeting', 'en', 'approved', 'Hi {{1}}', '["1"]', 'manual') returning id`,
      { channel: ids.channel },
      org.id,
    ))[0].id;
  }
});
afterAll(async () => db.destroy());

type Ids = Record<string, string>;
interface Probe {
  method: string;
  path: (a: Ids, b: Ids) => string;
  body?: (a: Ids, b: Ids) => unknown;
}

const challenge = { name: 'C', goal: 5, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-08T00:00:00Z' };
const experiment = { name: 'Y', level: 'journey', variants: [{ key: 'a' }, { key: 'b' }] };
const exportKinds = ['progress', 'quiz-scores', 'reflections', 'well-being', 'question-results', 'message-delivery'];

const probes: Record<string, Probe> = {
  'GET /v1/workers?segmentId=': { method: 'GET', path: (a) => `/v1/workers?segmentId=${a.segment}` },
  ...Object.fromEntries(exportKinds.map((kind) => [`GET /v1/exports/${kind}?programId=`, { method: 'GET', path: (a: Ids) => `/v1/exports/${kind}?programId=${a.program}` }])),
  'GET /v1/leaderboards?programId=': { method: 'GET', path: (a) => `/v1/leaderboards?programId=${a.program}` },
  'GET /v1/leaderboards?segmentId=': { method: 'GET', path: (a) => `/v1/leaderboards?segmentId=${a.segment}` },
  'GET /v1/inbox?programId=': { method: 'GET', path: (a) => `/v1/inbox?programId=${a.program}` },
  'GET /v1/inbox?segmentId=': { method: 'GET', path: (a) => `/v1/inbox?segmentId=${a.segment}` },
  'GET /v1/inbox?assignedUserId=': { method: 'GET', path: (a) => `/v1/inbox?assignedUserId=${a.user}` },
  'GET /v1/inbox?workerId=': { method: 'GET', path: (a) => `/v1/inbox?workerId=${a.worker}` },
  'GET /v1/programs/{own}/analytics?segmentId=': { method: 'GET', path: (a, b) => `/v1/programs/${b.program}/analytics?segmentId=${a.segment}` },
  'POST /v1/broadcasts target.segmentId': { method: 'POST', path: () => '/v1/broadcasts', body: (a) => ({ target: { segmentId: a.segment }, content: { text: 'x' } }) },
  'POST /v1/broadcasts target.programId': { method: 'POST', path: () => '/v1/broadcasts', body: (a) => ({ target: { programId: a.program }, content: { text: 'x' } }) },
  'POST /v1/broadcasts target.workerIds': { method: 'POST', path: () => '/v1/broadcasts', body: (a) => ({ target: { workerIds: [a.worker] }, content: { text: 'x' } }) },
  'POST /v1/broadcasts content.contentId': { method: 'POST', path: () => '/v1/broadcasts', body: (a, b) => ({ target: { workerIds: [b.worker] }, content: { contentId: a.content } }) },
  'POST /v1/broadcasts channelId': { method: 'POST', path: () => '/v1/broadcasts', body: (a, b) => ({ target: { workerIds: [b.worker] }, content: { text: 'x' }, channelId: a.channel }) },
  'POST /v1/programs segmentIds': { method: 'POST', path: () => '/v1/programs', body: (a) => ({ name: 'Q', blueprints: ['onboarding'], segmentIds: [a.segment] }) },
  'POST /v1/programs channelId': { method: 'POST', path: () => '/v1/programs', body: (a) => ({ name: 'Q', blueprints: ['onboarding'], channelId: a.channel }) },
  'PATCH /v1/programs/{own} channelId': { method: 'PATCH', path: (_a, b) => `/v1/programs/${b.program}`, body: (a) => ({ channelId: a.channel }) },
  'PATCH /v1/programs/{own} segmentIds': { method: 'PATCH', path: (_a, b) => `/v1/programs/${b.program}`, body: (a) => ({ segmentIds: [a.segment] }) },
  'POST /v1/programs/{own}/enroll workerIds': { method: 'POST', path: (_a, b) => `/v1/programs/${b.program}/enroll`, body: (a) => ({ workerIds: [a.worker] }) },
  'POST /v1/programs/{own}/enroll segmentIds': { method: 'POST', path: (_a, b) => `/v1/programs/${b.program}/enroll`, body: (a) => ({ segmentIds: [a.segment] }) },
  'POST /v1/programs/{own}/unenroll workerIds': { method: 'POST', path: (_a, b) => `/v1/programs/${b.program}/unenroll`, body: (a) => ({ workerIds: [a.worker] }) },
  'POST /v1/segments/{own}/members workerIds': { method: 'POST', path: (_a, b) => `/v1/segments/${b.segment}/members`, body: (a) => ({ workerIds: [a.worker] }) },
  'DELETE /v1/segments/{own}/members workerIds': { method: 'DELETE', path: (_a, b) => `/v1/segments/${b.segment}/members`, body: (a) => ({ workerIds: [a.worker] }) },
  'POST /v1/experiments programId': { method: 'POST', path: () => '/v1/experiments', body: (a) => ({ ...experiment, key: 'ya', level: 'program', programId: a.program, variants: [{ key: 'a', blueprintKey: 'onboarding' }, { key: 'b', blueprintKey: 'onboarding' }] }) },
  'POST /v1/experiments segmentId': { method: 'POST', path: () => '/v1/experiments', body: (a) => ({ ...experiment, key: 'yb', segmentId: a.segment }) },
  'PATCH /v1/experiments/{own} segmentId': { method: 'PATCH', path: (_a, b) => `/v1/experiments/${b.experiment}`, body: (a) => ({ segmentId: a.segment }) },
  'POST /v1/experiments programId (journey level)': { method: 'POST', path: () => '/v1/experiments', body: (a) => ({ ...experiment, key: 'yc', programId: a.program }) },
  'PATCH /v1/experiments/{own} programId': { method: 'PATCH', path: (_a, b) => `/v1/experiments/${b.experiment}`, body: (a) => ({ programId: a.program }) },
  'PATCH /v1/organization/settings defaultChannelId': { method: 'PATCH', path: () => '/v1/organization/settings', body: (a) => ({ defaultChannelId: a.channel }) },
  'PATCH /v1/organization/settings selfEnrollmentProgramId': { method: 'PATCH', path: () => '/v1/organization/settings', body: (a) => ({ selfEnrollmentProgramId: a.program }) },
  'POST /v1/challenges programId': { method: 'POST', path: () => '/v1/challenges', body: (a) => ({ ...challenge, programId: a.program }) },
  'POST /v1/challenges segmentId': { method: 'POST', path: () => '/v1/challenges', body: (a) => ({ ...challenge, segmentId: a.segment }) },
  'PATCH /v1/inbox/{own} assignedUserId': { method: 'PATCH', path: (_a, b) => `/v1/inbox/${b.inboxItem}`, body: (a) => ({ assignedUserId: a.user }) },
  'POST /v1/workers/{own}/ledger/reversals entryIds': { method: 'POST', path: (_a, b) => `/v1/workers/${b.worker}/ledger/reversals`, body: (a) => ({ entryIds: [a.ledgerEntry], reason: 'sweep' }) },
  'POST /v1/channels/{own}/templates/{a}/preview': { method: 'POST', path: (a, b) => `/v1/channels/${b.channel}/templates/${a.template}/preview`, body: () => ({ variables: ['x'] }) },
  'DELETE /v1/channels/{own}/templates/{a}': { method: 'DELETE', path: (a, b) => `/v1/channels/${b.channel}/templates/${a.template}` },
};

/** The same ids with every one of a's replaced by an id no organization has. */
const missing = (ids: Ids): Ids => Object.fromEntries(Object.keys(ids).map((key) => [key, randomUUID()]));
const describeAnswer = (answer: { status: number; json: Record<string, unknown> }) => {
  const error = answer.json?.error as { code?: string; field?: string } | undefined;
  return { status: answer.status, code: error?.code, field: error?.field };
};

describe("organization b's key with organization a's ids in queries, bodies and sub-resources", () => {
  let before: Record<string, string>;
  beforeAll(async () => {
    before = await snapshotOfA();
  });

  it.each(Object.keys(probes))('%s: refused exactly as a missing id is, telling nothing of a', async (name) => {
    const probe = probes[name];
    const call = (a: Ids) => world.call(world.b.keys.org_admin, probe.method, probe.path(a, of.b), probe.body?.(a, of.b));
    const withIdsOfA = await call(of.a);
    const withMissingIds = await call(missing(of.a));
    expect(describeAnswer(withIdsOfA), withIdsOfA.text).toEqual(describeAnswer(withMissingIds));
    expect([400, 403, 404, 422], withIdsOfA.text).toContain(withIdsOfA.status);
    for (const text of Object.values(marker)) expect(withIdsOfA.text).not.toContain(text);
  });

  it("leaves every row of a as it was", async () => {
    expect(await snapshotOfA()).toEqual(before);
  });
});
