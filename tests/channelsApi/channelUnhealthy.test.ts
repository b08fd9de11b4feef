import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { asSystem } from '../../src/db/tenancy/scopes';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { dispatchOnce, type DispatchDependencies } from '../../src/delivery/dispatchOnce';
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

/** Queues one message per given outcome and sends them one by one through the dispatcher, the Twilio fake answering each so. */
async function send(...outcomes: Array<TwilioFakeFailure | 'ok'>) {
  for (const outcome of outcomes) {
    if (outcome !== 'ok') messagesApi.failNext(outcome);
    await world.sql(
      `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at)
       values (:organization_id, :channel, :worker, 'outbound', 'hello', '{}', 'queued', 1, :at)`,
      { channel: channelId, worker: workerId, at: new Date(world.clock.now()).toISOString() },
    );
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

const failures = async () => (await world.sql<{ health_failures: number }>(`select health_failures from channels where organization_id = :organization_id and id = :id`, { id: channelId }))[0].health_failures;

describe('a channel whose sends keep failing for the channel', () => {
  it('counts bad-credential failures; a successful send resets the count; a recipient error does not count', async () => {
    await send('bad_credentials', 'bad_credentials', 'ok');
    expect(await failures()).toBe(0);
    await send('bad_credentials', 'invalid_to', 'bad_credentials');
    expect(await failures()).toBe(2);
    expect((await read()).health).toEqual({ status: 'healthy', reason: null, since: null });
  });

  it('is marked unhealthy on the third in a row, logged at warn, shown with the reason in the channel and its health', async () => {
    const logStart = world.logLines.length;
    await send('bad_credentials');
    const markedAt = new Date(world.clock.now()).toISOString();
    const warn = world.logLines.slice(logStart).map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string }).find((line) => line.msg.startsWith('channel marked unhealthy'));
    expect(warn).toMatchObject({ level: 40 });
    expect(warn?.reason).toContain('Twilio refused the credentials');

    const channel = await read();
    expect(channel.health).toEqual({ status: 'unhealthy', reason: expect.stringContaining('Twilio refused the credentials') as string, since: markedAt });
    expect(channel.health.reason).toContain('(error 20003)');
    const health = await read('/health');
    expect(health.connected).toBe(false);
    expect(health.health).toEqual(channel.health);

    await send('bad_credentials');
    expect((await read()).health.since).toBe(markedAt);
  });

  it('is cleared by a successful send', async () => {
    world.clock.advance(60_000);
    const logStart = world.logLines.length;
    await send('ok');
    const clearedAt = new Date(world.clock.now()).toISOString();
    expect(world.logLines.slice(logStart).join('')).toContain('channel healthy again');
    const health = await read('/health');
    expect(health.health).toEqual({ status: 'healthy', reason: null, since: clearedAt });
    expect(health.connected).toBe(true);
  });

  it('is cleared by a successful connection check', async () => {
    await send('bad_credentials', 'bad_credentials', 'bad_credentials');
    expect((await read()).health.status).toBe('unhealthy');
    world.clock.advance(60_000);
    const verified = await world.admin('POST', `/v1/channels/${channelId}/verify`);
    expect(verified.json).toMatchObject({ ok: true });
    const health = await read('/health');
    expect(health.health).toEqual({ status: 'healthy', reason: null, since: new Date(world.clock.now()).toISOString() });
    expect(health.connected).toBe(true);
  });

  it('never shows a secret in answers or logs', () => {
    const everything = answers.join('') + world.logLines.join('');
    expect(everything).not.toContain(twilioInput.secrets.authToken);
  });
});
