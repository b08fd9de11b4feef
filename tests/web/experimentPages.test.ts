import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playQuizExperiment, liftingQuizFlow } from '../support/playQuizExperiment';
import { signInOverHttp, type HttpSession } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let session: HttpSession;
let experimentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: liftingQuizFlow });
  ({ experimentId } = await playQuizExperiment(world, 24));
  await world.addStaff('org_admin', 'admin@example.test');
  session = await signInOverHttp(world.app, 'admin@example.test');
});
afterAll(async () => {
  await world?.close();
  await db?.destroy();
});

const get = async (path: string) => world.app.request(`http://localhost${path}`, { headers: { cookie: session.cookie } });

describe('the experiment pages (server-rendered)', () => {
  it('list the experiments and show the results with the flow diagram and verdicts', async () => {
    const list = await (await get('/coach/experiments')).text();
    expect(list).toContain('Short quiz');
    const page = await get(`/coach/experiments/${experimentId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-chart="consort"');
    expect(html).toMatch(/data-stage="assigned" data-value="\d+"/);
    expect(html).toContain('first-try quiz correctness');
    expect(html).not.toContain('data-testid="srm"');
    expect((await get(`/coach/experiments/${experimentId}?analysis=per_protocol`)).status).toBe(200);
    expect((await get('/coach/experiments/00000000-0000-4000-8000-000000000999')).status).toBe(404);
  });

  it('let the simulator play the variant the author picks, without assigning the test worker', async () => {
    expect(await (await get('/coach/simulator')).text()).toContain('name="variant.lifting-quiz"');
    const post = (fields: Record<string, string>) => world.app.request('http://localhost/coach/simulator/start', {
      method: 'POST',
      headers: { cookie: session.cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: session.csrf, blueprint: world.blueprint.id, ...fields }).toString(),
    });
    expect((await post({ 'variant.lifting-quiz': 'medium' })).status).toBe(400);
    expect((await post({ 'variant.lifting-quiz': 'short' })).status).toBe(303);
    const sent = await world.sql<{ touchpoint_key: string }>(
      `select m.touchpoint_key from messages m join workers w on w.id = m.worker_id where m.organization_id = :organization_id and w.simulated and m.touchpoint_key is not null order by m.seq`,
    );
    expect(sent.map((m) => m.touchpoint_key)).toEqual(['intro', 'q-short']);
    const assigned = await world.sql<{ n: number }>(`select count(*)::int as n from experiment_assignments ea join workers w on w.id = ea.worker_id where ea.organization_id = :organization_id and w.simulated`);
    expect(assigned[0].n).toBe(0);
  });
});
