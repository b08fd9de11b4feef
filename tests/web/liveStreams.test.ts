import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueUserLink } from '../../src/api/users/manageUsers';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, TEST_PASSWORD, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
});
afterAll(async () => {
  await world?.close();
  await db?.destroy();
});

/** Signs in through the form; answers the session cookie. */
async function signInCookie(email: string): Promise<string> {
  const answer = await fetch(`${world.baseUrl}/coach/login`, {
    method: 'POST', redirect: 'manual', headers: { origin: world.baseUrl }, body: new URLSearchParams({ email, password: TEST_PASSWORD }),
  });
  expect(answer.status).toBe(303);
  return answer.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/** Opens a worker's event stream; `rest()` reads it to its end. */
async function openWorkerStream(cookie: string, workerId: string) {
  const answer = await fetch(`${world.baseUrl}/coach/workers/${workerId}/events`, { headers: { cookie } });
  expect(answer.headers.get('content-type')).toContain('text/event-stream');
  const reader = answer.body!.getReader();
  return {
    async rest() {
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
      }
    },
  };
}

describe("a worker's live thread", () => {
  it('ends when its staff user is removed', async () => {
    const worker = await world.addWorker({ fullName: 'Streamed Worker', phoneNumber: '+254711000001' });
    const coach = await world.addStaff('coach', 'removed.coach@example.test');
    const stream = await openWorkerStream(await signInCookie(coach.email), worker.id);
    await world.sql('delete from users where organization_id = :organization_id and id = :id', { id: coach.id });
    const text = await stream.rest();
    expect(text).toContain('event: bye');
    expect(text).toContain('session ended');
  });

  it('ends when its staff user signs out', async () => {
    const worker = await world.addWorker({ fullName: 'Streamed Worker Two', phoneNumber: '+254711000002' });
    const coach = await world.addStaff('coach', 'leaving.coach@example.test');
    const cookie = await signInCookie(coach.email);
    const stream = await openWorkerStream(cookie, worker.id);
    const page = await (await fetch(`${world.baseUrl}/coach/workers`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const logout = await fetch(`${world.baseUrl}/coach/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: world.baseUrl }, body: new URLSearchParams({ _csrf: token }) });
    expect(logout.status).toBe(303);
    expect(await stream.rest()).toContain('session ended');
  });

  it('ends when its staff user resets their password', async () => {
    const worker = await world.addWorker({ fullName: 'Streamed Worker Three', phoneNumber: '+254711000003' });
    const coach = await world.addStaff('coach', 'resetting.coach@example.test');
    const stream = await openWorkerStream(await signInCookie(coach.email), worker.id);
    const { link } = await issueUserLink(world.em(), coach.id, 'password_reset', world.clock.now(), world.baseUrl);
    const reset = await fetch(link, {
      method: 'POST', redirect: 'manual', headers: { origin: world.baseUrl }, body: new URLSearchParams({ password: 'a brand new long password', confirm: 'a brand new long password' }),
    });
    expect(reset.status).toBe(303);
    expect(await stream.rest()).toContain('session ended');
  });
});
