import { afterAll, beforeAll, expect } from 'vitest';
import { cloudApiInput, createChannelsWorld, type ChannelsWorld } from '../channelsApi/channelsWorld';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

export interface CloudApiTemplateChannel {
  world: ChannelsWorld;
  /** The Graph API fake the channel syncs its templates from, two a page. */
  graph: GraphApiFake;
  channelId: string;
}

/** A Cloud API channel of the world's organization a on a database of its own, filled in before the file's tests. */
export function useCloudApiTemplateChannel(): CloudApiTemplateChannel {
  const channel = {} as CloudApiTemplateChannel;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    channel.graph = await startGraphApiFake({ accessToken: cloudApiInput.secrets.accessToken, templatePageSize: 2 });
    channel.world = await createChannelsWorld(db, { graphBaseUrl: channel.graph.graphBaseUrl });
    const created = await channel.world.admin('POST', '/v1/channels', cloudApiInput);
    expect(created.status, created.text).toBe(201);
    channel.channelId = String(created.json.id);
  });
  afterAll(async () => {
    await channel.graph.close();
    await db.destroy();
  });
  return channel;
}
