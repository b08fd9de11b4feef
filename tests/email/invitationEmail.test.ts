import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { startSmtpRelay, type SmtpRelay } from '../support/startSmtpRelay';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let relay: SmtpRelay;

beforeAll(async () => {
  relay = await startSmtpRelay();
  db = await createTestDatabase();
  world = await createApiWorld(db, { sendEmail: relay.sendEmail });
});
afterAll(async () => {
  await db.destroy();
  await relay.close();
});

describe('staff emails over SMTP', () => {
  it('sends the invitation link by email and leaves it out of the answer', async () => {
    const invited = await world.admin('POST', '/v1/users/invitations', { email: 'new.coach@example.test', role: 'coach' });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ emailed: true, link: null });
    expect(relay.received).toHaveLength(1);
    expect(relay.received[0]).toMatch(/^To: new\.coach@example\.test\r?$/m);
    expect(relay.received[0]).toMatch(/^Subject: You are invited to the coaching console\r?$/m);
    expect(relay.received[0]).toMatch(/https:\/\/coach\.example\.test\/coach\/invitations\/[\w-]{43}/);
  });
});
