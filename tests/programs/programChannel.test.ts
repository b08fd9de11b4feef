import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiWorld } from '../support/apiWorld';
import { createConsoleChannel } from '../support/factories';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
/** Organization a's channels: A (the world's, made the default), B (the program's), and a deleted one. */
let channelA: string;
let channelB: string;
let deletedChannel: string;

beforeAll(async () => {
  const { a, em } = world();
  await publishFlows(em(), ['onboarding']);
  channelA = a.channelId;
  channelB = (await createConsoleChannel(em(), a.id, { name: 'Field team number' })).id;
  deletedChannel = (await createConsoleChannel(em(), a.id, { name: 'Old number', status: 'deleted' })).id;
  expect((await world().admin('PATCH', '/v1/organization/settings', { defaultChannelId: channelA })).status).toBe(200);
});

async function createProgram(w: ApiWorld, body: Record<string, unknown>) {
  return w.admin('POST', '/v1/programs', { name: 'Onboarding', blueprints: ['onboarding'], ...body });
}

describe("a program's channel through the API", () => {
  it('is set on create, read back, changed and cleared with PATCH', async () => {
    const created = await createProgram(world(), { channelId: channelB });
    expect(created.status).toBe(201);
    expect(created.json.channelId).toBe(channelB);
    const id = String(created.json.id);
    expect((await world().call(world().a.keys.coach, 'GET', `/v1/programs/${id}`)).json.channelId).toBe(channelB);
    expect((await world().admin('PATCH', `/v1/programs/${id}`, { channelId: channelA })).json.channelId).toBe(channelA);
    expect((await world().admin('PATCH', `/v1/programs/${id}`, { name: 'Renamed' })).json.channelId).toBe(channelA);
    expect((await world().admin('PATCH', `/v1/programs/${id}`, { channelId: null })).json.channelId).toBeNull();
    expect((await createProgram(world(), {})).json.channelId).toBeNull();
  });

  it("refuses another organization's, a deleted, an unknown or a malformed channel id, naming channelId", async () => {
    const id = String((await createProgram(world(), {})).json.id);
    for (const channelId of [world().b.channelId, deletedChannel, randomUUID(), 'not-a-uuid']) {
      const created = await createProgram(world(), { channelId });
      expect(created.status, channelId).toBe(400);
      expect(created.json.error, channelId).toMatchObject({ field: 'channelId' });
      const patched = await world().admin('PATCH', `/v1/programs/${id}`, { channelId });
      expect(patched.status, channelId).toBe(400);
      expect(patched.json.error, channelId).toMatchObject({ field: 'channelId' });
    }
    expect((await world().admin('GET', `/v1/programs/${id}`)).json.channelId).toBeNull();
  });

  it("refuses an organization default that is another organization's or deleted, naming defaultChannelId", async () => {
    for (const defaultChannelId of [world().b.channelId, deletedChannel, randomUUID()]) {
      const answer = await world().admin('PATCH', '/v1/organization/settings', { defaultChannelId });
      expect(answer.status, defaultChannelId).toBe(400);
      expect(answer.json.error, defaultChannelId).toMatchObject({ code: 'unknown_reference', field: 'defaultChannelId' });
    }
    expect(((await world().admin('GET', '/v1/organization')).json.settings as { defaultChannelId: string }).defaultChannelId).toBe(channelA);
  });

  it("enrolls through the API onto the program's channel, and refuses to delete that channel while the program runs", async () => {
    const program = await createProgram(world(), { name: 'Field onboarding', channelId: channelB });
    const programId = String(program.json.id);
    expect((await world().admin('POST', `/v1/programs/${programId}/activate`)).status).toBe(200);

    // Named by the running program, with no conversation on it yet: deleting it is refused.
    const refused = await world().admin('DELETE', `/v1/channels/${channelB}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'channel_in_use' });
    expect(String((refused.json.error as { message: string }).message)).toContain("program 'Field onboarding'");

    const worker = await world().admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber: '+15553100001' });
    expect((await world().admin('POST', `/v1/programs/${programId}/enroll`, { useProgramSegments: false, workerIds: [worker.json.id] })).json).toMatchObject({ started: 1 });
    const sent = await world().sql<{ channel_id: string }>(
      `select channel_id from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' order by seq`,
      { worker: String(worker.json.id) },
    );
    expect(sent.length).toBe(3);
    expect(sent.every((m) => m.channel_id === channelB)).toBe(true);

    expect((await world().admin('POST', `/v1/programs/${programId}/complete`)).status).toBe(200);
    expect((await world().admin('DELETE', `/v1/channels/${channelB}`)).status).toBe(204);
  });
});
