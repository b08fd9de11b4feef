import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playQuizExperiment, quizLengthFlow } from '../support/playQuizExperiment';
import { signInOverHttp, type HttpSession } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let session: HttpSession;
let experimentId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: quizLengthFlow });
  ({ experimentId } = await playQuizExperiment(world, 24));
  await world.addStaff('coach', 'coach@example.test');
  session = await signInOverHttp(world.app, 'coach@example.test');
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
});
