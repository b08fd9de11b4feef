import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendCoachReply } from '../../src/engine/coachConversation';
import { enqueueOutbound } from '../../src/engine/enqueueOutbound';
import { enrollWorker } from '../../src/engine/enrollWorker';
import { handleInbound } from '../../src/engine/handleInbound';
import { endProgramConversations } from '../../src/engine/programLifecycle';
import { createConsoleChannel } from '../support/factories';
import { days } from '../support/manualClock';
import { publishFlows } from '../support/publishFlows';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

/** Channel ids by name: A is the world's (and the organization's default), B the program's. */
const channels: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };

beforeAll(async () => {
  channels.A = world().channel.id;
  channels.B = (await createConsoleChannel(world().em(), world().organization.id, { name: 'B' })).id;
  channels.C = (await createConsoleChannel(world().em(), world().organization.id, { name: 'C' })).id;
  await world().sql(`update organizations set settings = jsonb_build_object('defaultChannelId', cast(:channel as text)) where id = :organization_id`, { channel: channels.A });
  await world().sql('update programs set channel_id = :channel where organization_id = :organization_id and id = :program', { channel: channels.B, program: world().program.id });
});

/** Enrolls through the engine without an inbound message: the program decides the channel. */
async function enroll(workerId: string, programId = world().program.id) {
  await world().em().transactional((tx) => enrollWorker(tx, workerId, programId, undefined, world().clock.now()));
}

/** An active program playing the world's journey, sending on `channelId` (null: the default); returns its id. */
async function addProgram(name: string, channelId: string | null) {
  const [program] = await world().sql<{ id: string }>(
    `insert into programs (organization_id, name, status, channel_id) values (:organization_id, :name, 'active', :channel) returning id`,
    { name, channel: channelId },
  );
  await world().sql(
    `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) values (:organization_id, :program, :blueprint, 1)`,
    { program: program.id, blueprint: world().blueprint.id },
  );
  return program.id;
}

/** The worker's messages with the name of the channel each went through. */
async function logWithChannels(workerId: string) {
  const rows = await world().sql<{ direction: string; touchpoint_key: string | null; body: string | null; channel_id: string; payload: { template?: { name: string } } }>(
    `select direction, touchpoint_key, body, channel_id, payload from messages where organization_id = :organization_id and worker_id = :worker order by seq`,
    { worker: workerId },
  );
  const names = new Map(Object.entries(channels).map(([name, id]) => [id, name]));
  return rows.map((row) => ({ ...row, channel: names.get(row.channel_id) }));
}

/** What the worker writes, on one of the organization's channels, through the real pipeline. */
async function sayOn(channelId: string, phoneNumber: string, text: string) {
  const { deps, organization, clock } = world();
  return handleInbound(deps, { id: channelId, organizationId: organization.id }, { providerMessageId: `test-${randomUUID()}`, from: phoneNumber, at: clock.now(), text });
}

describe('which channel a worker uses', () => {
  it("sends the first messages on the program's channel B although the organization's default is A", async () => {
    const worker = await world().addWorker({ fullName: 'Amina Njeri' });
    await enroll(worker.id);
    const log = await logWithChannels(worker.id);
    expect(log.map((m) => [m.touchpoint_key, m.channel])).toEqual([['hello', 'B'], ['video', 'B'], ['q-schedule', 'B']]);
  });

  it('continues on A once the worker writes on A: the replies, the next timer message and a coach reply', async () => {
    const worker = await world().addWorker({ fullName: 'Peter Kamau' });
    await enroll(worker.id);
    expect(await sayOn(channels.A, worker.phoneNumber!, 'TEAM APP')).toMatchObject({ kind: 'advanced' });
    expect(await sayOn(channels.A, worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
    const replies = (await logWithChannels(worker.id)).slice(3);
    expect(replies.length).toBeGreaterThan(3);
    expect(replies.filter((m) => m.channel !== 'A')).toEqual([]);

    // The reflection comes a day later, from a timer: still on A, where the worker last wrote.
    world().clock.advance(days(1));
    expect(await world().tick()).toBe(1);
    const afterTimer = await logWithChannels(worker.id);
    expect(afterTimer.at(-1)).toMatchObject({ touchpoint_key: 'first-day', direction: 'outbound', channel: 'A' });

    // The worker answers on B: the coach's reply follows them there.
    expect(await sayOn(channels.B, worker.phoneNumber!, 'AGENT')).toMatchObject({ kind: 'keyword' });
    const coachUserId = randomUUID();
    const sent = await world().em().transactional((tx) => sendCoachReply(tx, { workerId: worker.id, coachUserId, coachName: 'Coach Wanjiru', text: 'I am here.', at: world().clock.now() }));
    expect(sent).toEqual({ ok: true });
    expect((await logWithChannels(worker.id)).at(-1)).toMatchObject({ body: 'I am here.', channel: 'B' });
  });

  it('repeats the pending question after a broadcast on the channel the worker just wrote on', async () => {
    const worker = await world().addWorker({ fullName: 'Ruth Chebet' });
    await enroll(worker.id);
    await world().em().transactional((tx) => enqueueOutbound(tx, { channelId: channels.C, workerId: worker.id, body: 'Canteen closed today', priority: 'bulk', at: world().clock.now() }));
    expect(await sayOn(channels.A, worker.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    const log = await logWithChannels(worker.id);
    const asked = log.find((m) => m.touchpoint_key === 'q-schedule');
    // The hint answers on A, and the question asked on B comes again on A.
    expect(log.slice(-2).map((m) => [m.touchpoint_key, m.channel])).toEqual([['q-schedule', 'A'], ['q-schedule', 'A']]);
    expect(asked?.channel).toBe('B');
    expect(log.at(-1)?.body).toBe(asked?.body);
  });

  it('repeats the pending question after a broadcast sent more than eight days before the answer (the step reads back that far only)', async () => {
    const worker = await world().addWorker({ fullName: 'Joyce Wambui' });
    await enroll(worker.id);
    await world().em().transactional((tx) => enqueueOutbound(tx, { channelId: channels.C, workerId: worker.id, body: 'Canteen closed today', priority: 'bulk', at: world().clock.now() }));
    world().clock.advance(days(10));
    expect(await sayOn(channels.A, worker.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    const log = await logWithChannels(worker.id);
    const asked = log.find((m) => m.touchpoint_key === 'q-schedule');
    expect(log.slice(-2).map((m) => [m.touchpoint_key, m.channel])).toEqual([['q-schedule', 'A'], ['q-schedule', 'A']]);
    expect(log.at(-1)?.body).toBe(asked?.body);
  });

  it("starts the program's next journey where the worker last wrote in it", async () => {
    await publishFlows(world().em(), ['safety-training']);
    const program = await addProgram('Two journeys', channels.B);
    await world().sql(
      `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program)
       select :organization_id, :program, id, 2 from journey_blueprints where organization_id = :organization_id and key = 'safety-training'`,
      { program },
    );
    const worker = await world().addWorker({ fullName: 'Daniel Kiprop' });
    await enroll(worker.id, program);
    for (const answer of ['Team app', '1']) expect(await sayOn(channels.A, worker.phoneNumber!, answer)).toMatchObject({ kind: 'advanced' });
    world().clock.advance(days(1));
    await world().tick();
    expect(await sayOn(channels.A, worker.phoneNumber!, 'A good first day.')).toMatchObject({ kind: 'advanced', completed: true });
    world().clock.advance(days(2));
    await world().tick();
    const lesson = (await logWithChannels(worker.id)).find((m) => m.touchpoint_key === 'lift-intro');
    expect(lesson).toMatchObject({ direction: 'outbound', channel: 'A' });
  });

  it("closes a completed program's conversations on their channel, not on a broadcast's", async () => {
    const program = await addProgram('Closing', channels.B);
    const worker = await world().addWorker({ fullName: 'Esther Moraa' });
    await enroll(worker.id, program);
    await world().em().transactional((tx) => enqueueOutbound(tx, { channelId: channels.C, workerId: worker.id, body: 'Canteen closed today', priority: 'bulk', at: world().clock.now() }));
    expect(await world().em().transactional((tx) => endProgramConversations(tx, program, world().clock.now()))).toBe(1);
    const closing = (await logWithChannels(worker.id)).at(-1);
    expect(closing).toMatchObject({ direction: 'outbound', touchpoint_key: null, channel: 'B' });
    expect(closing?.body).not.toBe('Canteen closed today');
  });

  it("does not carry a worker's channel from outside the program into it: the program's channel wins", async () => {
    const worker = await world().addWorker({ fullName: 'Grace Atieno' });
    expect(await sayOn(channels.A, worker.phoneNumber!, 'hello?')).toMatchObject({ kind: 'no_active_conversation' });
    await enroll(worker.id);
    const outbound = (await logWithChannels(worker.id)).filter((m) => m.direction === 'outbound' && m.touchpoint_key);
    expect(outbound.map((m) => m.channel)).toEqual(['B', 'B', 'B']);
    // Their 24-hour window is open on A, not on B: the first message goes as its template.
    expect(outbound[0].payload.template).toMatchObject({ name: 'onboarding_welcome' });
  });

  it("uses the organization's default for a program without a channel, and skips a deleted channel", async () => {
    await world().sql(`update organizations set settings = jsonb_build_object('defaultChannelId', cast(:channel as text)) where id = :organization_id`, { channel: channels.C });
    const other = await addProgram('No channel', null);
    const worker = await world().addWorker({ fullName: 'John Otieno' });
    await enroll(worker.id, other);
    expect((await logWithChannels(worker.id)).map((m) => m.channel)).toEqual(['C', 'C', 'C']);

    // B deleted: the program's channel is skipped, the organization's default takes over.
    await world().sql(`update channels set status = 'deleted' where organization_id = :organization_id and id = :channel`, { channel: channels.B });
    const late = await world().addWorker({ fullName: 'Mary Wambui' });
    await enroll(late.id);
    expect((await logWithChannels(late.id)).map((m) => m.channel)).toEqual(['C', 'C', 'C']);
  });
});
