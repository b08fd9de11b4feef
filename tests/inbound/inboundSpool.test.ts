import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { createInboundSpool } from '../../src/inbound/createInboundSpool';
import { createLogger } from '../../src/logging/createLogger';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { startTcpProxy, type TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let proxied: Database;
let proxy: TcpProxy;
let world: EngineWorld;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const url = new URL(db.url);
  proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${proxy.port}`;
  proxied = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 3 });
  world = await createEngineWorld(db, { flow: 'onboarding' });
  dir = await mkdtemp(join(tmpdir(), 'spool-'));
});
afterAll(async () => {
  await proxied.close();
  await proxy.close();
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('inbound spool while the database is down', () => {
  it('answers from the spool during an outage and replays everything once, in order, when the database returns', async () => {
    const deps = { orm: proxied.orm, clock: world.clock, logger: createLogger('silent') };
    let woken = 0;
    const spool = createInboundSpool({ deps, dir: join(dir, 'a'), timeoutMs: 2_000, onReplayed: () => woken++ });
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const channel = { id: world.channel.id, organizationId: world.organization.id };
    const say = (id: string, text: string) => ({ providerMessageId: id, from: worker.phoneNumber!, at: world.clock.now(), text });

    expect(await spool.receiveOrSpool(channel, say('up-1', 'banana'))).toMatchObject({ kind: 'processed' });

    proxy.cut();
    expect(await spool.receiveOrSpool(channel, say('down-1', 'TEAM APP'))).toEqual({ kind: 'spooled' });
    expect(await spool.receiveOrSpool(channel, say('down-2', '1'))).toEqual({ kind: 'spooled' });
    // The provider retries one of them: spooled again, deduplicated on replay.
    expect(await spool.receiveOrSpool(channel, say('down-2', '1'))).toEqual({ kind: 'spooled' });
    expect(spool.pending()).toBe(3);
    await expect(spool.replay()).rejects.toThrow();
    expect(spool.pending()).toBe(3);

    proxy.restore();
    // While older entries wait, a new message queues behind them, keeping the worker's order.
    expect(await spool.receiveOrSpool(channel, say('after-1', 'hello again'))).toEqual({ kind: 'spooled' });
    expect(await spool.replay()).toBe(4);
    expect(spool.pending()).toBe(0);
    expect(woken).toBe(1);

    const inbound = (await world.log(worker.id)).filter((m) => m.direction === 'inbound').map((m) => m.body);
    expect(inbound).toEqual(['banana', 'TEAM APP', '1', 'hello again']);
    const outbound = (await world.log(worker.id)).filter((m) => m.direction === 'outbound').map((m) => m.body ?? '');
    expect(outbound.some((body) => body.startsWith('Yes. Score: 2/2'))).toBe(true);
    expect(await spool.receiveOrSpool(channel, say('after-2', 'x'))).toMatchObject({ kind: 'processed' });
  });

  it('answers unavailable (503) only when the spool cannot be written', async () => {
    const deps = { orm: proxied.orm, clock: world.clock, logger: createLogger('silent') };
    const spool = createInboundSpool({ deps, dir: '/dev/null/spool', timeoutMs: 1_000 });
    const worker = await world.addWorker();
    proxy.cut();
    try {
      const outcome = await spool.receiveOrSpool(
        { id: world.channel.id, organizationId: world.organization.id },
        { providerMessageId: 'lost', from: worker.phoneNumber!, at: world.clock.now(), text: 'hi' },
      );
      expect(outcome).toMatchObject({ kind: 'unavailable' });
    } finally {
      proxy.restore();
    }
  });
});
