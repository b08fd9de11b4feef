import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { createLogger } from '../../src/logging/createLogger';
import { warnLicenceHolders } from '../../src/marketplace/warnLicenceHolders';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { days } from '../support/manualClock';
import { startSmtpRelay, type SmtpRelay } from '../support/startSmtpRelay';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { clientProgram, clientSays, licenceAndInstall, publishAsExpert, errorOf } from './marketWorld';

let db: TestDatabase;
let world: ApiWorld;
let relay: SmtpRelay;

const shortCheck = `blueprint:
  key: short-check
  title: Short check
  purpose: A short check.
  defaultLanguage: en
  languages: [en]
  version: "1.0"
phases:
  - key: main
    title: { en: Main }
    touchpoints:
      - key: hello
        type: text
        text: { en: "Hello {{first_name}}" }
      - key: q
        type: quiz
        text: { en: "Ready?" }
        options:
          - { id: yes, text: { en: Yes }, correct: true }
          - { id: no, text: { en: No } }
      - key: bye
        type: text
        text: { en: "Bye" }
`;

beforeAll(async () => {
  relay = await startSmtpRelay();
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await world.sql(`insert into users (organization_id, email, role) values (:organization_id, 'admin@client.example.test', 'org_admin')`, {}, world.b.id);
});
afterAll(async () => {
  await db.destroy();
  await relay.close();
});

const client = (method: string, path: string, body?: unknown) => world.call(world.b.keys.org_admin, method, path, body);
const warn = () => warnLicenceHolders(asSystem(db.orm.em, 'test'), world.clock.now(), relay.sendEmail, createLogger('silent'));
const heldWarnings = async () => ((await client('GET', '/v1/marketplace/licences')).json.held as { listingTitle: string; warnings: string[] }[]);

describe('seat limits', () => {
  it('warns the client admins once at 80 % of the seats, then refuses enrolling past them', async () => {
    const listingId = await publishAsExpert(world, 'bench-quiz', { kind: 'seats', seats: 10 });
    const { licenceId } = await licenceAndInstall(world, listingId);
    const { programId, workers } = await clientProgram(world, 'bench-quiz', 11, 1);
    const enroll = (ids: string[]) => client('POST', `/v1/programs/${programId}/enroll`, { workerIds: ids });

    expect((await enroll(workers.slice(0, 7).map((w) => w.id))).json).toMatchObject({ assigned: 7 });
    expect(await warn()).toEqual({ warned: 0, emails: 0 });
    expect((await heldWarnings())[0].warnings).toEqual([]);

    expect((await enroll([workers[7].id])).json).toMatchObject({ assigned: 1 });
    expect(await warn()).toEqual({ warned: 1, emails: 1 });
    expect(relay.received.at(-1)).toMatch(/^To: admin@client\.example\.test\r?$/m);
    expect(relay.received.at(-1)).toMatch(/^Subject: Licence warning: Listing bench-quiz\r?$/m);
    expect(relay.received.at(-1)).toContain('8 of the 10 seats');
    expect((await heldWarnings())[0].warnings).toEqual(['8 of 10 seats used']);
    expect(await warn()).toEqual({ warned: 0, emails: 0 });

    const tooMany = await enroll(workers.slice(8).map((w) => w.id));
    expect(tooMany.status).toBe(409);
    expect(tooMany.json.error).toMatchObject({ code: 'licence_seats_exhausted' });
    expect(errorOf(tooMany).message).toContain(`licence ${licenceId} ("Listing bench-quiz") allows 10 seats; 8 are used and this enrollment adds 3`);
    expect((await enroll(workers.slice(8, 10).map((w) => w.id))).json).toMatchObject({ assigned: 2 });
    expect((await enroll([workers[10].id])).status).toBe(409);
  }, 120_000);
});

describe('time-limited licences', () => {
  it('warn 14 days before expiry, then refuse enrolling and installing, while running conversations finish', async () => {
    expect((await world.call(world.a.keys.org_admin, 'POST', '/v1/blueprints?publish=true', shortCheck, { 'content-type': 'application/yaml' })).status).toBe(201);
    const published = await world.admin('POST', '/v1/marketplace/listings', { blueprintKey: 'short-check', title: 'Short check', description: 'A check', languages: ['en'], terms: { kind: 'time', days: 30 } });
    const { licenceId } = await licenceAndInstall(world, String(published.json.listingId));
    const { programId, workers } = await clientProgram(world, 'short-check', 2, 50);
    expect((await client('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workers[0].id] })).json).toMatchObject({ assigned: 1, started: 1 });

    world.clock.advance(days(15));
    expect(await warn()).toEqual({ warned: 0, emails: 0 });
    world.clock.advance(days(1) + 1);
    expect(await warn()).toEqual({ warned: 1, emails: 1 });
    expect(relay.received.at(-1)).toContain('The licence of "Short check" expires on');
    expect((await heldWarnings()).find((l) => l.listingTitle === 'Short check')?.warnings[0]).toMatch(/^expires on \d{4}-\d{2}-\d{2} \(in 14 days\)$/);

    world.clock.advance(days(15));
    const refused = await client('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workers[1].id] });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('licence_expired');
    expect(errorOf(refused).message).toContain(`licence ${licenceId} ("Short check") expired on`);
    expect(errorOf(await client('POST', `/v1/marketplace/licences/${licenceId}/install`, {}))).toMatchObject({ code: 'licence_expired' });
    // The worker enrolled before the expiry finishes the journey.
    expect((await clientSays(world, workers[0].phone_number, '1')).kind).toBe('advanced');
    const [conversation] = await world.sql<{ status: string }>(
      `select c.status from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id where c.organization_id = :organization_id and wa.program_id = :program`,
      { program: programId },
      world.b.id,
    );
    expect(conversation.status).toBe('completed');
  }, 120_000);
});
