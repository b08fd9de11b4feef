import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastFourOf } from '../../src/channelAdmin/channelSecretHints';
import { buildTwilioStatusForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { waitFor } from '../support/waitFor';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

const publicUrl = 'https://coach.example.test';
let db: TestDatabase;
let world: ChannelsWorld;
/** A connection of its own, to hold a channel row locked. */
let locker: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
  locker = new pg.Client({ connectionString: db.directUrl });
  await locker.connect();
});
afterAll(async () => {
  await locker.end();
  await db.destroy();
});

/** How many of this database's sessions wait for a lock. */
async function lockWaiters(): Promise<number> {
  const { rows } = await locker.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
  return rows[0].n;
}

let nextNumber = 0;
/** A new Twilio channel of organization a (each its own sender number). */
async function newTwilioChannel(): Promise<string> {
  nextNumber += 1;
  const created = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: `+1555000${String(nextNumber).padStart(4, '0')}` } });
  expect(created.status, created.text).toBe(201);
  return String(created.json.id);
}

/** The status of a status callback signed with `token`, as Twilio would send it. */
async function twilioCallback(channelId: string, token: string): Promise<number> {
  const path = `/webhooks/twilio/${channelId}/status`;
  const form = buildTwilioStatusForm({ messageSid: `SM${'8'.repeat(32)}`, status: 'delivered', from: '+15550001111', to: '+15550002222' });
  const signed = signTwilioRequest(token, `${publicUrl}${path}`, form);
  return (await world.app.request(`http://localhost${path}`, { method: 'POST', headers: signed.headers, body: signed.body })).status;
}

const rotate = (channelId: string, authToken: string) => world.admin('PATCH', `/v1/channels/${channelId}`, { secrets: { authToken } });

describe('rotating a channel secret concurrently', () => {
  it('applies every rotation in turn: each replaced Auth Token is kept for the grace period, and the hint is the current one', async () => {
    const id = await newTwilioChannel();
    const tokens = Array.from({ length: 4 }, (_, i) => `concurrent-token-SECRET-${i}-${'abcd'[i].repeat(4)}`);
    const answers = await Promise.all(tokens.map((token) => rotate(id, token)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);

    for (const token of [twilioInput.secrets.authToken, ...tokens]) expect(await twilioCallback(id, token), token).toBe(200);
    const [row] = await world.sql<{ secrets_ciphertext: string }>(`select secrets_ciphertext from channels where organization_id = :organization_id and id = :id`, { id });
    const current = String(world.secretBox.open(row.secrets_ciphertext, id).authToken);
    const shown = await world.admin('GET', `/v1/channels/${id}`);
    expect(shown.json.secrets).toMatchObject({ authToken: { lastFour: lastFourOf(current) } });
  });

  it('a revoke racing a rotation is never undone: the revoked Auth Token stays refused', async () => {
    const id = await newTwilioChannel();
    expect((await rotate(id, 'leaked-token-SECRET-aaaa')).status).toBe(200);
    // The channel row is held locked while the revoke, then the rotation, reach it: the revoke goes first.
    await locker.query('begin');
    await locker.query('select 1 from channels where id = $1 for update', [id]);
    const revoking = world.admin('POST', `/v1/channels/${id}/retired-secrets/revoke`);
    await waitFor('the revoke to wait for the row', async () => (await lockWaiters()) === 1);
    const rotating = rotate(id, 'final-token-SECRET-bbbb');
    await waitFor('the rotation to wait for the row', async () => (await lockWaiters()) === 2);
    await locker.query('commit');
    expect([(await revoking).status, (await rotating).status]).toEqual([200, 200]);

    expect(await twilioCallback(id, twilioInput.secrets.authToken)).toBe(403);
    expect(await twilioCallback(id, 'leaked-token-SECRET-aaaa')).toBe(200);
    expect(await twilioCallback(id, 'final-token-SECRET-bbbb')).toBe(200);
  });
});
