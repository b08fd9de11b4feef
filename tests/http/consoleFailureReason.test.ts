import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpWorld, TEST_ADMIN_TOKEN, type HttpWorld } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: HttpWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createHttpWorld(db, { flow: 'onboarding' });
  // A database refusal of this message's own: storing the message fails.
  await db.orm.em.getConnection().execute(`
    create function refuse_conversation_write() returns trigger language plpgsql as $$
    begin raise exception 'refused by the test trigger'; end $$;
    create trigger refuse_conversation_write before insert on messages
    for each row execute function refuse_conversation_write();`);
});
afterAll(() => db.destroy());

const asAdmin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('a console message the database refuses', () => {
  it('answers a short reason: no SQL, parameters or stack', async () => {
    const worker = await world.addWorker();
    const response = await world.request(`/console/${world.channel.id}/messages`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ id: 'console-refused-1', from: worker.phoneNumber, text: 'hello' }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const { outcomes } = JSON.parse(text) as { outcomes: { kind: string; code?: string; reason: string }[] };
    expect(outcomes[0]).toMatchObject({ kind: 'dead_lettered', code: 'P0001' });
    expect(outcomes[0].reason).not.toMatch(/select|insert|update|refused by the test trigger|\bat\s/i);
    expect(outcomes[0].reason).toMatch(/set it aside/);
  });
});
