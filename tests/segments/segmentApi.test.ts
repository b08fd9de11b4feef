import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { refreshAllSegments } from '../../src/segments/refreshSegmentMembership';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
const ids: Record<string, string> = {};
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  const people = [
    ['nairobiLow', '+15551000001', { site: 'Nairobi' }],
    ['nairobiOk', '+15551000002', { site: 'Nairobi' }],
    ['mombasa', '+15551000003', { site: 'Mombasa' }],
  ] as const;
  for (const [name, phone, attributes] of people) {
    ids[name] = String((await world.admin('POST', '/v1/workers', { fullName: name, phoneNumber: phone, attributes })).json.id);
  }
  await world.sql(`update workers set well_being_score = 2 where organization_id = :organization_id and id = :id`, { id: ids.nairobiLow });
  await world.sql(`update workers set well_being_score = 4 where organization_id = :organization_id and id = :id`, { id: ids.nairobiOk });
});
afterAll(async () => db.destroy());

const members = async (segmentId: string) =>
  (await world.sql<{ worker_id: string }>(`select worker_id from worker_segment where organization_id = :organization_id and segment_id = :segment`, { segment: segmentId }))
    .map((row) => row.worker_id)
    .sort();

describe('segments', () => {
  const rule = { all: [{ attribute: 'site', op: 'eq', value: 'Nairobi' }, { field: 'wellBeingScore', op: 'between', value: [1, 3] }] };

  it('previews, creates and fills a rule segment, and follows worker changes', async () => {
    expect((await world.admin('POST', '/v1/segments/preview', { rule })).json).toEqual({ count: 1, active: 1 });
    const created = await world.admin('POST', '/v1/segments', { name: 'Nairobi, struggling', rule });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ memberCount: 1, rule });
    const segmentId = String(created.json.id);
    expect(await members(segmentId)).toEqual([ids.nairobiLow]);

    await world.admin('PATCH', `/v1/workers/${ids.mombasa}`, { attributes: { site: 'Nairobi' } });
    await world.sql(`update workers set well_being_score = 1 where organization_id = :organization_id and id = :id`, { id: ids.mombasa });
    expect(await members(segmentId)).toEqual([ids.nairobiLow]);
    // A score changed outside the API is picked up by the scheduled refresh.
    expect(await refreshAllSegments(asSystem(db.orm.em, 'test: scheduled refresh'))).toMatchObject({ added: 1 });
    expect(await members(segmentId)).toEqual([ids.nairobiLow, ids.mombasa].sort());

    await world.admin('PATCH', `/v1/workers/${ids.nairobiLow}`, { attributes: { site: 'Kisumu' } });
    expect(await members(segmentId)).toEqual([ids.mombasa]);
    const listed = await world.call(world.a.keys.coach, 'GET', `/v1/workers?segmentId=${segmentId}`);
    expect((listed.json.workers as { id: string }[]).map((w) => w.id)).toEqual([ids.mombasa]);
  });

  it('names the field of an invalid rule', async () => {
    const bad = await world.admin('POST', '/v1/segments', { name: 'Bad', rule: { all: [{ attribute: 'site', op: 'eq', value: 'x' }, { field: 'wellBeingScore', op: 'near', value: 3 }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_rule', field: 'rule.all.1.op' });
    const unknownProgram = await world.admin('POST', '/v1/segments/preview', { rule: { program: '00000000-0000-4000-8000-00000000dead', status: 'any' } });
    expect(String((unknownProgram.json.error as { message: string }).message)).toContain('does not have');
  });

  it('refuses a rule nested a thousand levels deep with a 400, before parsing it', async () => {
    let notRule: unknown = { attribute: 'site', op: 'eq', value: 'x' };
    let allRule: unknown = notRule;
    for (let level = 0; level < 1000; level++) {
      notRule = { not: notRule };
      allRule = { all: [allRule] };
    }
    for (const rule of [notRule, allRule]) {
      const deep = await world.admin('POST', '/v1/segments/preview', { rule });
      expect(deep.status).toBe(400);
      expect(deep.json.error).toMatchObject({ code: 'invalid_rule', field: 'rule' });
      expect(String((deep.json.error as { message: string }).message)).toContain('at most 8 levels');
    }
  });

  it('keeps static segments by hand, and refuses to hand-edit a rule segment', async () => {
    const segment = await world.admin('POST', '/v1/segments', { name: 'Night shift' });
    const segmentId = String(segment.json.id);
    expect((await world.admin('POST', `/v1/segments/${segmentId}/members`, { workerIds: [ids.nairobiOk, ids.mombasa] })).json).toEqual({ changed: 2 });
    expect((await world.admin('DELETE', `/v1/segments/${segmentId}/members`, { workerIds: [ids.mombasa] })).json).toEqual({ changed: 1 });
    expect(await members(segmentId)).toEqual([ids.nairobiOk]);
    const ruled = await world.admin('POST', '/v1/segments', { name: 'Ruled', rule: { field: 'status', op: 'eq', value: 'active' } });
    expect((await world.admin('POST', `/v1/segments/${String(ruled.json.id)}/members`, { workerIds: [ids.mombasa] })).status).toBe(409);
  });
});
