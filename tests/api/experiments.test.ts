import { describe, expect, it } from 'vitest';
import { chooseVariant } from '../../src/experiments/chooseVariant';
import { hashUnit } from '../../src/experiments/hashUnit';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { bulkWorkersSql } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

const design = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: `Test ${key}`,
  level: 'journey',
  hypothesis: 'A shorter quiz raises first-try correctness',
  primaryMetric: 'first_try_correct',
  secondaryMetrics: ['journey_completion'],
  minimumDetectableEffect: 0.1,
  plannedSample: 60,
  variants: [{ key: 'a', control: true }, { key: 'b' }],
  ...extra,
});

async function addWorkers(count: number, offset: number): Promise<string[]> {
  await world().sql(bulkWorkersSql, { count, offset });
  const rows = await world().sql<{ id: string }>(`select id from workers where organization_id = :organization_id and phone_number like '+1777%' order by id`);
  return rows.map((row) => row.id);
}

describe('experiments through the API', () => {
  it('are refused with 402 tier_limit on a tier without experiments', async () => {
    await scopedSql(asSystem(world().engine.orm.em, 'test: downgrade'), `update organizations set subscription_tier = 'basic' where id = :id`, { id: world().b.id });
    const answer = await world().call(world().b.keys.org_admin, 'POST', '/v1/experiments', design('tiers'));
    expect(answer.status).toBe(402);
    expect(answer.json.error).toMatchObject({ code: 'tier_limit' });
  });

  it('validate the design, naming the field', async () => {
    const noVariants = await world().admin('POST', '/v1/experiments', design('bad', { variants: [{ key: 'a' }] }));
    expect(noVariants.status).toBe(400);
    expect(noVariants.json.error).toMatchObject({ field: 'variants' });
    const noProgram = await world().admin('POST', '/v1/experiments', design('bad', { level: 'program' }));
    expect(noProgram.json.error).toMatchObject({ code: 'invalid_experiment', field: 'programId' });
    expect((await world().admin('POST', '/v1/experiments', design('dup'))).status).toBe(201);
    expect((await world().admin('POST', '/v1/experiments', design('dup'))).json.error).toMatchObject({ code: 'experiment_exists', field: 'key' });
  });

  it('refuse a variant weight too small to mean anything, naming it', async () => {
    for (const weight of [1e-320, 0.0009]) {
      const refused = await world().admin('POST', '/v1/experiments', design('tiny-weight', { variants: [{ key: 'a', control: true }, { key: 'b', weight }] }));
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ field: 'variants.1.weight', message: expect.stringContaining('0.001') });
    }
    // The assignment hash has 10,000 places: a share under one of them would receive nobody.
    const unreachable = await world().admin('POST', '/v1/experiments', design('tiny-weight', { variants: [{ key: 'a', control: true, weight: 1000 }, { key: 'b', weight: 0.05 }] }));
    expect(unreachable.json.error).toMatchObject({ field: 'variants.1.weight', message: expect.stringContaining('would receive nobody') });
    const created = await world().admin('POST', '/v1/experiments', design('tiny-weight', { variants: [{ key: 'a', control: true }, { key: 'b', weight: 0.001 }] }));
    expect(created.status).toBe(201);
    const reweighted = await world().admin('PATCH', `/v1/experiments/${String(created.json.id)}`, { variants: [{ key: 'a', control: true, weight: 1e-320 }, { key: 'b' }] });
    expect(reweighted.json.error).toMatchObject({ field: 'variants.0.weight' });
  });

  it('lock the design once running, log weight changes, and never move anyone assigned', async () => {
    const workers = await addWorkers(400, 1);
    const created = await world().admin('POST', '/v1/experiments', design('locked'));
    expect(created.json).toMatchObject({ status: 'draft', seed: 'locked', variants: [{ key: 'a', control: true }, { key: 'b', control: false }] });
    const id = String(created.json.id);
    expect((await world().admin('POST', `/v1/experiments/${id}/assignments`, { workerIds: workers })).json.error).toMatchObject({ code: 'not_running' });
    expect((await world().admin('POST', `/v1/experiments/${id}/start`)).json).toMatchObject({ status: 'running' });

    const first = (await world().admin('POST', `/v1/experiments/${id}/assignments`, { workerIds: workers })).json.assignments as Record<string, string>;
    expect(Object.keys(first)).toHaveLength(400);
    // Every instance and an offline analysis compute the same variant from the seed.
    for (const worker of workers) expect(first[worker]).toBe(['a', 'b'][chooseVariant(hashUnit('locked', worker), [1, 1])]);

    const locked = await world().admin('PATCH', `/v1/experiments/${id}`, { primaryMetric: 'quiz_score' });
    expect(locked.status).toBe(409);
    expect(locked.json.error).toMatchObject({ code: 'design_locked', field: 'primaryMetric' });
    expect((await world().admin('PATCH', `/v1/experiments/${id}`, { variants: [{ key: 'a', control: true }, { key: 'c' }] })).json.error).toMatchObject({ field: 'variants' });

    const reweighted = await world().admin('PATCH', `/v1/experiments/${id}`, { variants: [{ key: 'a', control: true, weight: 1 }, { key: 'b', weight: 9 }] });
    expect(reweighted.status).toBe(200);
    expect(reweighted.json.changes).toMatchObject([{ field: 'weights', before: { a: 1, b: 1 }, after: { a: 1, b: 9 } }]);
    const again = (await world().admin('POST', `/v1/experiments/${id}/assignments`, { workerIds: workers })).json.assignments;
    expect(again).toEqual(first);

    expect((await world().admin('POST', `/v1/experiments/${id}/stop`)).json).toMatchObject({ status: 'stopped' });
    expect((await world().admin('POST', `/v1/experiments/${id}/stop`)).json.error).toMatchObject({ code: 'invalid_transition' });
    expect((await world().admin('PATCH', `/v1/experiments/${id}`, { segmentId: null, variants: [{ key: 'a', control: true, weight: 5 }, { key: 'b', weight: 9 }] })).json.error).toMatchObject({ code: 'design_locked', field: 'weights' });
  });

  it('give every member of a cluster one variant, and leave out workers the segment does not hold', async () => {
    const workers = await addWorkers(40, 1001);
    const segment = await world().admin('POST', '/v1/segments', { name: 'Nairobi', rule: { attribute: 'site', op: 'eq', value: 'Nairobi' } });
    const created = await world().admin('POST', '/v1/experiments', design('by-site', { unitAttribute: 'site', variants: [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd' }] }));
    await world().admin('POST', `/v1/experiments/${String(created.json.id)}/start`);
    const assigned = (await world().admin('POST', `/v1/experiments/${String(created.json.id)}/assignments`, { workerIds: workers })).json.assignments as Record<string, string>;
    const sites = await world().sql<{ id: string; site: string }>(`select id, attributes ->> 'site' as site from workers where organization_id = :organization_id and phone_number like '+1777%'`);
    const bySite = new Map<string, Set<string>>();
    for (const { id, site } of sites) if (assigned[id]) bySite.set(site, (bySite.get(site) ?? new Set()).add(assigned[id]));
    expect([...bySite.values()].map((variants) => variants.size)).toEqual([1, 1]);

    const targeted = await world().admin('POST', '/v1/experiments', design('nairobi-only', { segmentId: segment.json.id }));
    await world().admin('POST', `/v1/experiments/${String(targeted.json.id)}/start`);
    const inSegment = (await world().admin('POST', `/v1/experiments/${String(targeted.json.id)}/assignments`, { workerIds: workers })).json.assignments as Record<string, string>;
    const nairobi = sites.filter((s) => s.site === 'Nairobi' && workers.includes(s.id)).map((s) => s.id).sort();
    expect(Object.keys(inSegment).sort()).toEqual(nairobi.filter((id) => id in inSegment));
    expect(Object.keys(inSegment).every((id) => nairobi.includes(id))).toBe(true);
  });

  it('balance each stratum with permuted blocks, and show the balance table in the results', async () => {
    const workers = await addWorkers(60, 2001);
    const created = await world().admin('POST', '/v1/experiments', design('stratified', { stratifyAttribute: 'site' }));
    await world().admin('POST', `/v1/experiments/${String(created.json.id)}/start`);
    const assigned = (await world().admin('POST', `/v1/experiments/${String(created.json.id)}/assignments`, { workerIds: workers })).json.assignments as Record<string, string>;
    const results = await world().admin('GET', `/v1/experiments/${String(created.json.id)}/results`);
    const strata = (results.json.balance as { strata: { stratum: string; counts: Record<string, number> }[] }).strata;
    expect(strata.map((row) => row.stratum)).toEqual(['Mombasa', 'Nairobi']);
    // Blocks of two (equal weights): within a stratum the arms differ by at most one.
    for (const row of strata) expect(Math.abs(row.counts.a - row.counts.b)).toBeLessThanOrEqual(1);
    expect(strata.reduce((n, row) => n + row.counts.a + row.counts.b, 0)).toBe(Object.keys(assigned).length);
  });

  it("refuse assigning a worker of another organization, or none, naming it as enrollment does (it was silently left out)", async () => {
    const [own] = await addWorkers(1, 3001);
    const ofB = String((await world().call(world().b.keys.org_admin, 'POST', '/v1/workers', { fullName: 'Other', phoneNumber: '+15557000001' })).json.id);
    const created = await world().admin('POST', '/v1/experiments', design('foreign-workers'));
    const id = String(created.json.id);
    await world().admin('POST', `/v1/experiments/${id}/start`);
    for (const stranger of [ofB, '00000000-0000-4000-8000-000000000999']) {
      const refused = await world().admin('POST', `/v1/experiments/${id}/assignments`, { workerIds: [own, stranger] });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'unknown_worker', field: 'workerIds.1' });
    }
    expect(await world().sql(`select 1 from experiment_assignments where organization_id = :organization_id and experiment_id = :id::uuid`, { id })).toEqual([]);
    expect(Object.keys((await world().admin('POST', `/v1/experiments/${id}/assignments`, { workerIds: [own] })).json.assignments as object)).toEqual([own]);
  });

  it("answer 404 for another organization's experiment", async () => {
    const created = await world().admin('POST', '/v1/experiments', design('private'));
    expect((await world().call(world().b.keys.org_admin, 'GET', `/v1/experiments/${String(created.json.id)}`)).status).toBe(404);
    expect((await world().call(world().a.keys.coach, 'GET', `/v1/experiments/${String(created.json.id)}`)).status).toBe(200);
    expect((await world().call(world().a.keys.coach, 'POST', `/v1/experiments/${String(created.json.id)}/start`)).status).toBe(403);
  });
});
