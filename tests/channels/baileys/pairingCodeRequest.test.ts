import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestBaileysPairingCode } from '../../../src/channels/baileys/requestBaileysPairingCode';
import { readBaileysSession } from '../../../src/channels/baileys/readBaileysSession';
import { forOrganization } from '../../../src/db/tenancy/scopes';
import type { ManualClock } from '../../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysCluster } from './baileysChannelWorld';
import { createBaileysChannel, newClock } from './baileysWorld';

describe('a pairing code asked on any instance', () => {
  let db: TestDatabase;
  let clock: ManualClock;
  let cluster: ReturnType<typeof createBaileysCluster>;
  beforeEach(async () => {
    db = await createTestDatabase();
    clock = newClock();
    cluster = createBaileysCluster(db, clock);
  });
  afterEach(async () => {
    await cluster.stopAll();
    await db.destroy();
  });

  it('is answered by the socket holder on its next tick, never by a second socket', async () => {
    const channel = await createBaileysChannel(db);
    const em = () => forOrganization(db.orm.em, channel.organizationId);
    const holder = await cluster.start('instance-a');
    const other = await cluster.start('instance-b');
    cluster.network.latest(channel.id).showQr();
    await holder.settled();

    clock.advance(1_000);
    await requestBaileysPairingCode(em(), channel.id, '+15550001111', clock.now());
    expect((await readBaileysSession(em(), channel.id)).pairingCode).toEqual({ phone: '+15550001111', requestedAt: clock.now() });
    await other.tick();
    expect((await readBaileysSession(em(), channel.id)).pairingCode?.answeredAt).toBeUndefined();

    await holder.tick();
    expect((await readBaileysSession(em(), channel.id)).pairingCode).toEqual({ phone: '+15550001111', requestedAt: clock.now(), code: 'TEST2345', answeredAt: clock.now() });
    expect(cluster.network.latest(channel.id).pairingCodeRequests).toEqual(['15550001111']);
    expect(cluster.network.sockets).toHaveLength(1);

    cluster.network.latest(channel.id).completePairing();
    await holder.settled();
    cluster.network.latest(channel.id).open();
    await holder.settled();
    expect((await readBaileysSession(em(), channel.id)).pairingCode).toBeUndefined();
  });

  it('says why there is no code when the channel is already linked', async () => {
    const channel = await createBaileysChannel(db);
    const em = () => forOrganization(db.orm.em, channel.organizationId);
    const holder = await cluster.start('instance-a');
    cluster.network.latest(channel.id).open();
    await holder.settled();
    await requestBaileysPairingCode(em(), channel.id, '+15550001111', clock.now());
    clock.advance(10_000);
    await holder.tick();
    expect((await readBaileysSession(em(), channel.id)).pairingCode).toMatchObject({ error: 'the channel is already linked', answeredAt: clock.now() });
    expect(cluster.network.latest(channel.id).pairingCodeRequests).toEqual([]);
  });
});
