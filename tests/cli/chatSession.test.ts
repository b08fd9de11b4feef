import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChatSession } from '../../src/cli/openChatSession';
import { createHttpWorld, TEST_ADMIN_TOKEN, type HttpWorld } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: HttpWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createHttpWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

const engineUrl = 'http://127.0.0.1:3999';
const options = () => ({
  url: engineUrl, token: TEST_ADMIN_TOKEN, key: world.apiKey, channel: world.channel.id,
  fetch: (async (input: string | URL | Request, init?: RequestInit) => world.app.request(String(input), init)) as typeof fetch,
});

describe('npm run chat', () => {
  it('chats as the worker with the --from number and shows that worker thread only', async () => {
    const amina = await world.addWorker({ phoneNumber: '+15550000101' });
    const carlos = await world.addWorker({ phoneNumber: '+15550000102' });
    await world.enroll(amina.id);
    await world.enroll(carlos.id);
    const opened = await openChatSession({ ...options(), from: carlos.phoneNumber ?? '' });
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.session.workerId).toBe(carlos.id);
    expect(opened.session.history.length).toBeGreaterThan(0);

    const sent = await opened.session.send('Team app');
    expect(sent).toMatchObject({ ok: true });
    expect(sent.ok && sent.replies.length).toBeGreaterThan(0);
    const inbound = await world.sql<{ worker_id: string }>(`select worker_id from messages where organization_id = :organization_id and direction = 'inbound'`);
    expect(inbound.map((m) => m.worker_id)).toEqual([carlos.id]);
  });

  it('refuses a --worker that is not the --from number, an unknown number and a wrong key, with the reason', async () => {
    const [someone] = await world.sql<{ id: string }>(`select id from workers where organization_id = :organization_id and phone_number = '+15550000101'`);
    const mismatch = await openChatSession({ ...options(), from: '+15550000102', worker: someone.id });
    expect(mismatch).toMatchObject({ ok: false, message: expect.stringContaining('leave --worker out') });
    expect(await openChatSession({ ...options(), from: '+15550009999' })).toMatchObject({ ok: false, message: expect.stringContaining('+15550009999') });
    expect(await openChatSession({ ...options(), from: '+15550000101', key: 'ce_00000000_wrong' })).toMatchObject({ ok: false, message: expect.stringContaining('--key') });
  });

  it('is documented with every flag it needs, as the banner prints it', () => {
    for (const text of [readFileSync('README.md', 'utf8'), readFileSync('src/main.ts', 'utf8')]) {
      const commands = text.split('\n').filter((line) => line.includes('npm run chat --'));
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) expect(command).toMatch(/--token .*--key .*--from/);
    }
  });
});
