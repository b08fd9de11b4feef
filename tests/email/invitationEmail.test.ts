import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/email/createSmtpMailer';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let server: SMTPServer;
/** Raw messages as the relay received them, quoted-printable soft line breaks undone. */
const received: string[] = [];

beforeAll(async () => {
  // A local SMTP server, as a mail relay would be.
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, ''));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  db = await createTestDatabase();
  world = await createApiWorld(db, { sendEmail: createSmtpMailer(`smtp://127.0.0.1:${port}`, 'Coaching <no-reply@coach.example.test>') });
});
afterAll(async () => {
  await db.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('staff emails over SMTP', () => {
  it('sends the invitation link by email and leaves it out of the answer', async () => {
    const invited = await world.admin('POST', '/v1/users/invitations', { email: 'new.coach@example.test', role: 'coach' });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ emailed: true, link: null });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^To: new\.coach@example\.test\r?$/m);
    expect(received[0]).toMatch(/^Subject: You are invited to the coaching console\r?$/m);
    expect(received[0]).toMatch(/https:\/\/coach\.example\.test\/coach\/invitations\/[\w-]{43}/);
  });
});
