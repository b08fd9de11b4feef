import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { asSystem } from '../../src/db/tenancy/scopes';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { dispatchOnce, dispatchUntilIdle, type DispatchDependencies } from '../../src/delivery/dispatchOnce';
import { startTwilioAccountFake, type TwilioAccountFake } from '../fakes/startTwilioAccountFake';
import { startTwilioApiFake, type TwilioApiFake, type TwilioFakeFailure } from '../fakes/startTwilioApiFake';
import { createWorker } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;
let messagesApi: TwilioApiFake;
let account: TwilioAccountFake;
let deps: DispatchDependencies;
let channelId = '';
let workerId = '';
const answers: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  messagesApi = await startTwilioApiFake();
  account = await startTwilioAccountFake({ accountSid: twilioInput.settings.accountSid, authToken: twilioInput.secrets.authToken, phoneNumbers: ['+15550001111'] });
  world = await createChannelsWorld(db, { twilioBaseUrl: account.baseUrl });
  const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox: world.secretBox, twilioBaseUrl: messagesApi.baseUrl, consoleSink: () => undefined });
  deps = { orm: db.orm, clock: world.clock, logger: world.engine.logger, registry, policy: defaultDeliveryPolicy, random: () => 0.5 };
  channelId = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
  workerId = (await createWorker(asSystem(db.orm.em, 'test setup'), world.a.id)).id;
  await world.sql(
    `insert into messages (organization_id, channel_id, worker_id, direction, body, status, provider_message_id, created_at)
     values (:organization_id, :channel, :worker, 'inbound', 'hi', 'received', 'SM-in-1', :at)`,
    { channel: channelId, worker: workerId, at: new Date(world.clock.now()).toISOString() },
  );
});
afterAll(async () => {
  await messagesApi.close();
  await account.close();
  await db.destroy();
});

async function queue(body: string, priority = 1): Promise<string> {
  const [row] = await world.sql<{ id: string }>(
    `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at)
     values (:organization_id, :channel, :worker, 'outbound', :body, '{}', 'queued', :priority, :at) returning id`,
    { channel: channelId, worker: workerId, body, priority, at: new Date(world.clock.now()).toISOString() },
  );
  return row.id;
}

/** Queues one message per given outcome and sends them one by one through the dispatcher, the Twilio fake answering each so. */
async function send(...outcomes: Array<TwilioFakeFailure | 'ok'>) {
  for (const outcome of outcomes) {
    if (outcome !== 'ok') messagesApi.failNext(outcome);
    await queue('hello');
    world.clock.advance(1_000);
    const step = await dispatchOnce(deps);
    expect(step.kind).toBe('attempted');
  }
}

async function read(path = '') {
  const answer = await world.admin('GET', `/v1/channels/${channelId}${path}`);
  answers.push(answer.text);
  expect(answer.status).toBe(200);
  return answer.json as unknown as { connected: boolean; health: { status: string; reason: string | null; since: string | null } };
}

const messages = async (ids: string[]) =>
  world.sql<{ id: string; body: string; status: string; attempts: number; error_code: string | null; error_reason: string | null }>(
    `select id, body, status, attempts, error_code, error_reason from messages where organization_id = :organization_id and id = any(:ids::uuid[]) order by seq`,
    { ids: `{${ids.join(',')}}` },
  );
const sentBodies = (from: number) => messagesApi.createdMessages().slice(from).map((message) => message.Body);

describe('a channel whose provider refuses the channel itself', () => {
  const queued: string[] = [];

  it('fails a recipient error for that message alone and stays healthy', async () => {
    await send('invalid_to');
    expect((await read()).health).toEqual({ status: 'healthy', reason: null, since: null });
  });

  it('pauses its sends at the first refusal: that message and all the queued ones stay queued, saying why', async () => {
    queued.push(await queue('one'), await queue('two'), await queue('three'));
    world.clock.advance(1_000);
    const logStart = world.logLines.length;
    const before = messagesApi.createdMessages().length;
    messagesApi.failNext('bad_credentials');
    const pausedAt = new Date(world.clock.now()).toISOString();
    expect((await dispatchUntilIdle(deps)).attempted).toBe(1);
    expect(sentBodies(before)).toEqual(['one']);
    const warn = world.logLines.slice(logStart).map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string }).find((line) => line.msg.startsWith('channel marked unhealthy'));
    expect(warn).toMatchObject({ level: 40 });
    expect(warn?.reason).toContain('Twilio refused the credentials');

    const rows = await messages(queued);
    expect(rows.map((row) => [row.status, row.attempts, row.error_code])).toEqual([
      ['queued', 0, 'channel_paused'],
      ['queued', 0, 'channel_paused'],
      ['queued', 0, 'channel_paused'],
    ]);
    expect(rows[0].error_reason).toMatch(/^channel paused: Twilio refused the credentials.*\(error 20003\)$/);

    const channel = await read();
    expect(channel.health).toEqual({ status: 'unhealthy', reason: expect.stringContaining('Twilio refused the credentials') as string, since: pausedAt });
    const health = await read('/health');
    expect(health.connected).toBe(false);
    expect(health.health).toEqual(channel.health);
  });

  it('claims nothing from the paused channel, replies included, however much time passes', async () => {
    queued.push(await queue('a reply', 0));
    const before = messagesApi.createdMessages().length;
    world.clock.advance(3_600_000);
    expect((await dispatchUntilIdle(deps)).attempted).toBe(0);
    expect(messagesApi.createdMessages().length).toBe(before);
    expect((await messages(queued)).every((row) => row.status === 'queued')).toBe(true);
  });

  it('sends them all after the channel passes a check: replies first, then the oldest first', async () => {
    const before = messagesApi.createdMessages().length;
    const verified = await world.admin('POST', `/v1/channels/${channelId}/verify`);
    expect(verified.json).toMatchObject({ ok: true });
    const health = await read('/health');
    expect(health.health).toEqual({ status: 'healthy', reason: null, since: new Date(world.clock.now()).toISOString() });
    expect(health.connected).toBe(true);
    for (let step = 0; step < 10; step++) {
      await dispatchUntilIdle(deps);
      world.clock.advance(1_000);
    }
    expect(sentBodies(before)).toEqual(['a reply', 'one', 'two', 'three']);
    expect((await messages(queued)).map((row) => [row.status, row.error_code])).toEqual(queued.map(() => ['sent', null]));
  });

  it('never shows a secret in answers or logs', () => {
    const everything = answers.join('') + world.logLines.join('');
    expect(everything).not.toContain(twilioInput.secrets.authToken);
  });
});
