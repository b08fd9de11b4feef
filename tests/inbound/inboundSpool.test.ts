import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { createInboundSpool, deadLetterFile } from '../../src/inbound/createInboundSpool';
import { createLogger } from '../../src/logging/createLogger';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { proxyDatabaseUrl } from '../support/proxyDatabaseUrl';
import type { TcpProxy } from '../support/startTcpProxy';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let proxied: Database;
let proxy: TcpProxy;
let world: EngineWorld;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const through = await proxyDatabaseUrl(db);
  proxy = through.proxy;
  proxied = await openDatabase({ databaseUrl: through.url, pooled: db.pooled, directUrl: db.directUrl, dataDir: '', poolSize: 3 });
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
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
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
    expect(outbound.some((body) => body.startsWith('Yes. You have 2 of 2 points so far'))).toBe(true);
    expect(await spool.receiveOrSpool(channel, say('after-2', 'x'))).toMatchObject({ kind: 'processed' });
  });

  it('answers unavailable (503) only when the spool cannot be written', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
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

  it('replays a spooled message at the time it was received, not at the replay time', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
    const spool = createInboundSpool({ deps, dir: join(dir, 'received-at'), timeoutMs: 2_000 });
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const receivedAt = world.clock.now();
    proxy.cut();
    try {
      const outcome = await spool.receiveOrSpool(
        { id: world.channel.id, organizationId: world.organization.id },
        { providerMessageId: 'late-1', from: worker.phoneNumber!, at: receivedAt, text: 'TEAM APP' },
      );
      expect(outcome).toEqual({ kind: 'spooled' });
    } finally {
      proxy.restore();
    }
    world.clock.advance(60 * 60_000);
    expect(await spool.replay()).toBe(1);
    const [stored] = await world.sql<{ created_at: Date }>(`select created_at from messages where organization_id = :organization_id and provider_message_id = 'late-1'`);
    expect(new Date(stored.created_at).getTime()).toBe(receivedAt);
  });
});

describe('inbound spool with the database up', () => {
  it('processes a message carrying U+0000 at once (stripped) instead of taking it for an outage', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
    const spool = createInboundSpool({ deps, dir: join(dir, 'nul'), timeoutMs: 2_000 });
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const channel = { id: world.channel.id, organizationId: world.organization.id };
    const nul = { providerMessageId: 'nul-1', from: worker.phoneNumber!, profileName: 'A\u0000n', at: world.clock.now(), text: 'TEAM\u0000 APP' };
    expect(await spool.receiveOrSpool(channel, nul)).toMatchObject({ kind: 'processed' });
    expect(spool.pending()).toBe(0);
    expect((await world.log(worker.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(['TEAM APP']);
  });

  it('sets a line that fails for its own reason aside after bounded attempts, and replays every line behind it', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
    const spoolDir = join(dir, 'poisoned');
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const channel = { id: world.channel.id, organizationId: world.organization.id };
    const line = (id: string, text: string, ref = channel) =>
      JSON.stringify({ kind: 'message', channel: ref, message: { providerMessageId: id, from: worker.phoneNumber!, at: world.clock.now(), text }, spooledAt: world.clock.now() });
    // Left by an earlier process: a NUL that version could not store, a channel deleted meanwhile, a line cut by a crash.
    await mkdir(spoolDir, { recursive: true });
    await writeFile(join(spoolDir, 'spool.jsonl'), [
      line('p-1', 'TEAM APP'),
      line('p-2', 'ba\u0000nana'),
      line('p-3', 'x', { id: randomUUID(), organizationId: world.organization.id }),
      '{"kind":"message","chan',
      line('p-4', 'hello again'),
    ].map((l) => `${l}\n`).join(''));
    const spool = createInboundSpool({ deps, dir: spoolDir, timeoutMs: 2_000, maxAttempts: 2 });
    expect(await spool.recover()).toBe(5);
    expect(await spool.replay()).toBe(5);
    expect(spool.pending()).toBe(0);
    expect((await world.log(worker.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(['TEAM APP', 'banana', 'hello again']);
    const dead = (await readFile(join(spoolDir, deadLetterFile), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { code?: string; attempts: number });
    expect(dead.map(({ code, attempts }) => ({ code, attempts }))).toEqual([{ code: '23503', attempts: 2 }, { code: undefined, attempts: 1 }]);
  });

  it('hands set-aside messages over again once their cause is fixed: their lines, as replay files, are replayed at start', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
    const spoolDir = join(dir, 'redrive');
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const channel = { id: world.channel.id, organizationId: world.organization.id };
    // Set aside by a version that could not store U+0000 (the README's jq line: each record's `line`).
    const line = JSON.stringify({ kind: 'message', channel, message: { providerMessageId: 'r-1', from: worker.phoneNumber!, at: world.clock.now(), text: 'TEAM\u0000 APP' }, spooledAt: world.clock.now() });
    const deadLetters = `${JSON.stringify({ line, code: '22021', error: 'invalid byte sequence', attempts: 3 })}\n`;
    await mkdir(spoolDir, { recursive: true });
    const redrive = deadLetters.trim().split('\n').map((record) => `${(JSON.parse(record) as { line: string }).line}\n`).join('');
    await writeFile(join(spoolDir, 'replay-000000000000000-redrive.jsonl'), redrive);
    const spool = createInboundSpool({ deps, dir: spoolDir, timeoutMs: 2_000 });
    expect(await spool.recover()).toBe(1);
    expect(await spool.replay()).toBe(1);
    expect((await world.log(worker.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(['TEAM APP']);
  });

  it('waits for a slow transaction instead of switching to the spool', async () => {
    const deps = { orm: proxied.orm, hot: proxied.hot, clock: world.clock, logger: createLogger('silent') };
    const spool = createInboundSpool({ deps, dir: join(dir, 'slow'), timeoutMs: 200 });
    const worker = await world.addWorker();
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table messages in exclusive mode');
      const receiving = spool.receiveOrSpool(
        { id: world.channel.id, organizationId: world.organization.id },
        { providerMessageId: 'slow-1', from: worker.phoneNumber!, at: world.clock.now(), text: 'hi' },
      );
      // Held well beyond the spool's 200 ms wait, then released.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await blocker.query('rollback');
      expect(await receiving).toMatchObject({ kind: 'processed' });
      expect(spool.pending()).toBe(0);
    } finally {
      await blocker.end();
    }
  });
});
