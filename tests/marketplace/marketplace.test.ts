import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';
import { clientProgram, clientSays, licenceAndInstall, publishAsExpert, errorOf } from './marketWorld';

const world = useApiWorld();
const client = (method: string, path: string, body?: unknown) => world().call(world().b.keys.org_admin, method, path, body);

describe('publish → license → install → enroll → usage', () => {
  let listingId = '';
  let licenceId = '';

  it('lets only an expert organization publish, with a preview and the journey diagram', async () => {
    const refused = await client('POST', '/v1/marketplace/listings', { blueprintKey: 'x', title: 'T', description: 'D', languages: ['en'], terms: { kind: 'free' } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'not_an_expert_organization' });
    listingId = await publishAsExpert(world(), 'bench-quiz', { kind: 'seats', seats: 15 });
    const listing = await client('GET', `/v1/marketplace/listings/${listingId}`);
    expect(listing.status).toBe(200);
    expect(listing.json).toMatchObject({ title: 'Listing bench-quiz', latestVersion: 1, own: false, licence: null, terms: { kind: 'seats', seats: 15 } });
    expect((listing.json.preview as { key: string }[]).map((tp) => tp.key)).toEqual(['welcome', 'q1', 'q2']);
    expect(String(listing.json.diagram)).toMatch(/^stateDiagram/);
    const filtered = await client('GET', '/v1/marketplace/listings?tag=safety&language=en&q=shift');
    expect((filtered.json.listings as { id: string }[]).map((l) => l.id)).toEqual([listingId]);
    expect((await client('GET', '/v1/marketplace/listings?tag=cooking')).json.listings).toEqual([]);
    const unknown = await world().admin('POST', '/v1/marketplace/listings', { blueprintKey: 'no-such-flow', title: 'T', description: 'D', languages: ['en'], terms: { kind: 'free' } });
    expect(errorOf(unknown)).toMatchObject({ code: 'blueprint_not_found', field: 'blueprintKey', message: 'blueprintKey: "no-such-flow" has no published version in your organization (GET /v1/blueprints)' });
    const unknownVersion = await world().admin('POST', '/v1/marketplace/listings', { blueprintKey: 'bench-quiz', version: 9, title: 'T', description: 'D', languages: ['en'], terms: { kind: 'free' } });
    expect(errorOf(unknownVersion)).toMatchObject({ field: 'version', message: 'blueprintKey: "bench-quiz" has no published version 9 in your organization (GET /v1/blueprints)' });
    const bad = await world().admin('POST', '/v1/marketplace/listings', { blueprintKey: 'bench-quiz', title: 'T', description: 'D', languages: ['en'], terms: { kind: 'seats' } });
    expect(bad.status).toBe(400);
    expect(String(errorOf(bad).field)).toContain('terms');
  }, 120_000);

  it('has the client request a per-seat licence, the expert grant it, and installs a read-only copy recording origin and licence', async () => {
    const requested = await client('POST', `/v1/marketplace/listings/${listingId}/licences`);
    expect(requested.json).toMatchObject({ status: 'requested' });
    licenceId = String(requested.json.id);
    const early = await client('POST', `/v1/marketplace/licences/${licenceId}/install`, {});
    expect(early.status).toBe(409);
    expect(errorOf(early).code).toBe('licence_not_active');
    const requests = await world().admin('GET', '/v1/marketplace/licences');
    expect(requests.json.granted).toEqual([expect.objectContaining({ id: licenceId, status: 'requested', client: expect.any(String) })]);
    expect(await world().admin('POST', `/v1/marketplace/licences/${licenceId}/grant`, { seats: 12 })).toMatchObject({ status: 200 });
    const fork = await client('POST', `/v1/marketplace/licences/${licenceId}/install`, { fork: true });
    expect(fork.status).toBe(403);
    expect(errorOf(fork).field).toBe('fork');
    const installed = await client('POST', `/v1/marketplace/licences/${licenceId}/install`, {});
    expect(installed.status).toBe(201);
    expect(installed.json).toMatchObject({ key: 'bench-quiz', version: 1, listingVersion: 1, readOnly: true });
    const [row] = await world().sql<{ licence_id: string; read_only: boolean; listing_id: string; status: string }>(
      `select jb.licence_id, jb.read_only, v.listing_id, jb.status from journey_blueprints jb join marketplace_listing_versions v on v.id = jb.origin_listing_version_id
        where jb.organization_id = :organization_id and jb.key = 'bench-quiz'`,
      {},
      world().b.id,
    );
    expect(row).toEqual({ licence_id: licenceId, read_only: true, listing_id: listingId, status: 'published' });
    const upload = await world().call(world().b.keys.org_admin, 'POST', '/v1/blueprints?publish=true', (await client('GET', `/v1/blueprints/${String(installed.json.blueprintId)}/export`)).text, { 'content-type': 'application/yaml' });
    expect(upload.status).toBe(409);
    expect(errorOf(upload).code).toBe('read_only_blueprint');
  }, 120_000);

  it('enrolls workers against the seats and shows the expert aggregated usage, suppressing groups under 10 workers', async () => {
    const { programId, workers } = await clientProgram(world(), 'bench-quiz', 12, 100);
    expect((await client('POST', `/v1/programs/${programId}/enroll`, { workerIds: workers.map((w) => w.id) })).json).toMatchObject({ assigned: 12, started: 12 });
    // Every worker answers q1 (one of them wrong at first); only five go on to q2.
    for (const [index, worker] of workers.entries()) {
      await clientSays(world(), worker.phone_number, index === 0 ? '2' : '1');
      if (index < 5) await clientSays(world(), worker.phone_number, '1');
    }
    const usage = await world().admin('GET', `/v1/marketplace/listings/${listingId}/usage`);
    expect(usage.status).toBe(200);
    expect(usage.json).toMatchObject({ licences: 1, installs: 1, minGroupWorkers: 10, enrolled: { suppressed: false, workers: 12, completed: 0 } });
    const funnel = usage.json.funnel as { touchpoint: string; suppressed: boolean; workers?: number }[];
    expect(funnel.find((step) => step.touchpoint === 'q1')).toEqual({ touchpoint: 'q1', suppressed: false, workers: 12 });
    expect(funnel.find((step) => step.touchpoint === 'q2')).toEqual({ touchpoint: 'q2', suppressed: true });
    const quiz = usage.json.quiz as { touchpoint: string; suppressed: boolean; firstTryCorrectPercent?: number }[];
    expect(quiz.find((q) => q.touchpoint === 'q1')).toEqual({ touchpoint: 'q1', suppressed: false, workers: 12, firstTryCorrectPercent: 92 });
    expect(quiz.find((q) => q.touchpoint === 'q2')).toEqual({ touchpoint: 'q2', suppressed: true });
    // Nothing personal crosses: no name, phone number, answer or worker id.
    const text = usage.text;
    for (const worker of workers) expect(text).not.toContain(worker.id);
    expect(text).not.toMatch(/\+1777|Bulk|knees|app/);
    // The client sees its seat usage and the 80 % warning (10 of 12 is past 80 %).
    const held = (await client('GET', '/v1/marketplace/licences')).json.held as { id: string; seatsUsed: number; warnings: string[] }[];
    expect(held[0]).toMatchObject({ id: licenceId, seatsUsed: 12, warnings: ['12 of 12 seats used: enrolling more workers is refused'] });
  }, 120_000);

  it('refuses enrolling past the seats, naming the licence and its limit, and enrolls nobody', async () => {
    const { programId, workers } = await clientProgram(world(), 'bench-quiz', 2, 200);
    const refused = await client('POST', `/v1/programs/${programId}/enroll`, { workerIds: workers.map((w) => w.id) });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('licence_seats_exhausted');
    expect(errorOf(refused).message).toContain(licenceId);
    expect(errorOf(refused).message).toContain('allows 12 seats');
    const assigned = await world().sql<{ n: number }>(`select count(*)::int as n from worker_assignments where organization_id = :organization_id and program_id = :program`, { program: programId }, world().b.id);
    expect(assigned[0].n).toBe(0);
  }, 120_000);

  it('keeps an installed journey running after unpublishing, and offers a new version without changing a running conversation', async () => {
    const [running] = await world().sql<{ id: string; journey_blueprint_id: string; worker_id: string }>(
      `select id, journey_blueprint_id, worker_id from conversations where organization_id = :organization_id and status = 'active' order by id limit 1`, {}, world().b.id,
    );
    // The expert publishes version 2 of its blueprint: a new listing version, offered to the client.
    const changed = (await world().admin('GET', '/v1/blueprints/' + (await world().sql<{ id: string }>(`select id from journey_blueprints where organization_id = :organization_id and key = 'bench-quiz'`))[0].id + '/export')).text
      .replace('Six quick questions', 'Six short questions');
    expect((await world().call(world().a.keys.org_admin, 'POST', '/v1/blueprints?publish=true', changed, { 'content-type': 'application/yaml' })).status).toBe(201);
    const republished = await world().admin('POST', '/v1/marketplace/listings', { blueprintKey: 'bench-quiz', title: 'Listing bench-quiz', description: 'Six questions about the shift', languages: ['en'], terms: { kind: 'seats', seats: 15 } });
    expect(republished.json).toMatchObject({ listingId, version: 2, outcome: 'new_version' });
    const offered = ((await client('GET', '/v1/marketplace/licences')).json.held as { installedVersion: number; latestVersion: number; updateAvailable: boolean }[])[0];
    expect(offered).toMatchObject({ installedVersion: 1, latestVersion: 2, updateAvailable: true });

    expect((await world().admin('POST', `/v1/marketplace/listings/${listingId}/unpublish`)).status).toBe(204);
    expect((await client('GET', `/v1/marketplace/listings/${listingId}`)).status).toBe(404);
    expect((await client('GET', '/v1/marketplace/listings')).json.listings).toEqual([]);

    // The worker's conversation carries on, on the version it started.
    const phone = (await world().sql<{ phone_number: string }>(`select phone_number from workers where organization_id = :organization_id and id = :id`, { id: running.worker_id }, world().b.id))[0].phone_number;
    const outcome = await clientSays(world(), phone, '1');
    expect(outcome.kind).toBe('advanced');
    const after = await world().sql<{ journey_blueprint_id: string }>(`select journey_blueprint_id from conversations where organization_id = :organization_id and id = :id`, { id: running.id }, world().b.id);
    expect(after[0].journey_blueprint_id).toBe(running.journey_blueprint_id);

    // The licence still installs the new version (unpublished, but granted): version 2 of the client's key.
    const update = await client('POST', `/v1/marketplace/licences/${licenceId}/install`, {});
    expect(update.json).toMatchObject({ key: 'bench-quiz', version: 2, listingVersion: 2, readOnly: true });
    const again = await world().sql<{ journey_blueprint_id: string }>(`select journey_blueprint_id from conversations where organization_id = :organization_id and id = :id`, { id: running.id }, world().b.id);
    expect(again[0].journey_blueprint_id).toBe(running.journey_blueprint_id);
  }, 120_000);
});

describe('free licences', () => {
  it('are active at once and install in one step; a second request is refused', async () => {
    const listingId = await publishAsExpert(world(), 'onboarding', { kind: 'free', allowFork: true });
    const { licenceId, installed } = await licenceAndInstall(world(), listingId);
    expect(installed).toMatchObject({ key: 'onboarding', readOnly: true });
    const again = await client('POST', `/v1/marketplace/listings/${listingId}/licences`);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('licence_exists');
    const fork = await client('POST', `/v1/marketplace/licences/${licenceId}/install`, { fork: true });
    expect(fork.json).toMatchObject({ readOnly: false });
  }, 120_000);
});
