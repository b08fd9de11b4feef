import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/channels/channelTypes';
import { asSystem } from '../../src/db/tenancy/scopes';
import { handleInbound } from '../../src/engine/handleInbound';
import { claimQueuedSenders } from '../../src/inbound/claimQueuedSenders';
import { createInboundQueue } from '../../src/inbound/createInboundQueue';
import { createInboundSpool } from '../../src/inbound/createInboundSpool';
import { releaseQueueClaims } from '../../src/inbound/releaseQueueClaims';
import { renewQueueLease } from '../../src/inbound/renewQueueLease';
import { startInboundProcessor, type InboundProcessorOptions, type QueuedEntry } from '../../src/inbound/startInboundProcessor';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { minutes } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

let counter = 0;
const message = (from: string, text: string): InboundMessage => ({ providerMessageId: `queued-${++counter}`, from, at: world.clock.now(), text });
const channel = () => ({ id: world.channel.id, organizationId: world.organization.id });
const queued = async () => (await world.sql<{ n: number }>(`select count(*)::int as n from inbound_queue where organization_id = :organization_id`))[0].n;
const inboundOf = async (workerId: string) =>
  (await world.sql<{ provider_message_id: string }>(
    `select provider_message_id from messages where organization_id = :organization_id and worker_id = :worker and direction = 'inbound' order by seq`,
    { worker: workerId },
  )).map((row) => row.provider_message_id);

function processor(options: Partial<InboundProcessorOptions> = {}) {
  return startInboundProcessor({ deps: world.deps, setAside: async () => undefined, afterStep: () => undefined, pollMs: 3_600_000, ...options });
}

async function enrolledWorkers(n: number) {
  const workers = await Promise.all(Array.from({ length: n }, () => world.addWorker()));
  for (const worker of workers) await world.enroll(worker.id);
  return workers;
}

describe('the inbound processor', () => {
  it('runs each sender in arrival order, never two of one sender at once, across two processors', async () => {
    const workers = await enrolledWorkers(6);
    const running = new Set<string>();
    const overlaps: string[] = [];
    const handled = new Map<string, string[]>();
    const step: typeof handleInbound = async (deps, ref, inbound, at) => {
      if (running.has(inbound.from)) overlaps.push(inbound.from);
      running.add(inbound.from);
      await sleep(Math.floor(Math.random() * 5));
      try {
        return await handleInbound(deps, ref, inbound, at);
      } finally {
        running.delete(inbound.from);
        handled.set(inbound.from, [...(handled.get(inbound.from) ?? []), inbound.providerMessageId]);
      }
    };
    const processors = [processor({ step, concurrency: 4, holder: 'a' }), processor({ step, concurrency: 4, holder: 'b' })];
    const queue = createInboundQueue({ deps: world.deps, onQueued: () => processors.forEach((p) => p.wake()) });
    const sent = new Map<string, string[]>();
    const texts = ['Team app', '1', 'hello', 'again', 'more'];
    const enqueued: Promise<unknown>[] = [];
    for (const text of texts) {
      for (const worker of workers) {
        const inbound = message(worker.phoneNumber!, text);
        sent.set(inbound.from, [...(sent.get(inbound.from) ?? []), inbound.providerMessageId]);
        enqueued.push(queue.enqueue(channel(), inbound, world.clock.now()));
      }
      await sleep(2);
    }
    await Promise.all(enqueued);
    await Promise.all(processors.map((p) => p.drain()));
    await Promise.all(processors.map((p) => p.drain()));
    expect(overlaps).toEqual([]);
    expect(Object.fromEntries(handled)).toEqual(Object.fromEntries(sent));
    for (const worker of workers) expect(await inboundOf(worker.id)).toEqual(sent.get(worker.phoneNumber!));
    expect(await queued()).toBe(0);
    await Promise.all(processors.map((p) => p.stop()));
  });

  it('runs one step at a time while the event loop runs late (webhooks first), and up to its concurrency once it keeps up', async () => {
    const workers = await enrolledWorkers(4);
    let lagMs = 50;
    let steps = 0;
    let mostAtOnce = 0;
    const step: typeof handleInbound = async (deps, ref, inbound, at) => {
      mostAtOnce = Math.max(mostAtOnce, ++steps);
      await sleep(5);
      try {
        return await handleInbound(deps, ref, inbound, at);
      } finally {
        steps--;
      }
    };
    const running = processor({ step, concurrency: 4, loopLag: () => lagMs });
    const queue = createInboundQueue({ deps: world.deps, onQueued: running.wake });
    const answerAll = async (text: string) => {
      await Promise.all(workers.map((worker) => queue.enqueue(channel(), message(worker.phoneNumber!, text), world.clock.now())));
      await running.drain();
    };
    await answerAll('Team app');
    expect(mostAtOnce).toBe(1);
    lagMs = 0;
    mostAtOnce = 0;
    await answerAll('1');
    expect(mostAtOnce).toBe(4);
    for (const worker of workers) expect(await inboundOf(worker.id)).toHaveLength(2);
    expect(await queued()).toBe(0);
    await running.stop();
  });

  it('takes over the rows of a crashed instance once its lease ended, and applies each message once', async () => {
    const [worker] = await enrolledWorkers(1);
    const queue = createInboundQueue({ deps: world.deps, onQueued: () => undefined });
    const inbound = ['Team app', '1', 'hello'].map((text) => message(worker.phoneNumber!, text));
    for (const each of inbound) await queue.enqueue(channel(), each, world.clock.now());
    // The crashed instance held the sender and had committed the first step, not yet deleted its row.
    await world.sql(`update inbound_queue set claimed_by = 'crashed', claimed_until = :until where organization_id = :organization_id`, {
      until: new Date(world.clock.now() + minutes(5)).toISOString(),
    });
    await handleInbound(world.deps, channel(), inbound[0], world.clock.now());
    const survivor = processor({ leaseMs: minutes(5) });
    await survivor.drain();
    expect(await queued()).toBe(3);
    world.clock.advance(minutes(5) + 1);
    await survivor.drain();
    expect(await queued()).toBe(0);
    expect(await inboundOf(worker.id)).toEqual(inbound.map((each) => each.providerMessageId));
    await survivor.stop();
  });

  it('renews the lease of the rows it holds after an outage, and only of its own', async () => {
    const [worker] = await enrolledWorkers(1);
    const queue = createInboundQueue({ deps: world.deps, onQueued: () => undefined });
    for (const text of ['Team app', '1']) await queue.enqueue(channel(), message(worker.phoneNumber!, text), world.clock.now());
    const system = asSystem(db.orm.em, 'test: inbound processor');
    const now = new Date(world.clock.now());
    const [held] = await claimQueuedSenders({ system }, { done: [], holder: 'a', now, until: new Date(now.getTime() + minutes(1)), senders: 1 });
    const ids = held.messages.map((each) => each.id);
    expect(ids).toHaveLength(2);
    expect([...(await renewQueueLease(system, ids, 'a', new Date(now.getTime() + minutes(2))))].sort()).toEqual([...ids].sort());
    expect((await renewQueueLease(system, ids, 'b', new Date(now.getTime() + minutes(2)))).size).toBe(0);
    await releaseQueueClaims(system, 'a');
    await processor().drain();
    expect(await queued()).toBe(0);
  });

  it('sets a message aside after three failures of its own and goes on with the sender', async () => {
    const [worker] = await enrolledWorkers(1);
    let attempts = 0;
    const setAside: QueuedEntry[] = [];
    const step: typeof handleInbound = async (deps, ref, inbound, at) => {
      if (inbound.text === 'poison') {
        attempts++;
        throw new TypeError('a bug in the step');
      }
      return handleInbound(deps, ref, inbound, at);
    };
    const running = processor({ step, setAside: async (entry) => void setAside.push(entry) });
    const queue = createInboundQueue({ deps: world.deps, onQueued: running.wake });
    const poison = message(worker.phoneNumber!, 'poison');
    const next = message(worker.phoneNumber!, 'Team app');
    await Promise.all([queue.enqueue(channel(), poison, world.clock.now()), queue.enqueue(channel(), next, world.clock.now())]);
    await running.drain();
    expect(attempts).toBe(3);
    expect(setAside).toEqual([{ kind: 'message', channel: channel(), message: poison, spooledAt: world.clock.now() }]);
    expect(await inboundOf(worker.id)).toEqual([next.providerMessageId]);
    expect(await queued()).toBe(0);
    await running.stop();
  });

  it('replays spooled messages into the queue behind those queued before, and keeps new ones behind the spool', async () => {
    const [worker] = await enrolledWorkers(1);
    const running = processor();
    const queue = createInboundQueue({ deps: world.deps, onQueued: () => undefined });
    const dir = await mkdtemp(join(tmpdir(), 'spool-into-queue-'));
    const spool = createInboundSpool({ deps: world.deps, dir, queue });
    const [before, spooled, after] = ['Team app', '1', 'hello'].map((text) => message(worker.phoneNumber!, text));
    await queue.enqueue(channel(), before, world.clock.now());
    // Left on disk by an outage (or a crash during one).
    await writeFile(join(dir, 'spool.jsonl'), `${JSON.stringify({ kind: 'message', channel: channel(), message: spooled, spooledAt: world.clock.now() })}\n`);
    expect(await spool.recover()).toBe(1);
    expect(await spool.queueOrSpool(channel(), after)).toEqual({ kind: 'spooled' });
    expect(await spool.replay()).toBe(2);
    await running.drain();
    expect(await inboundOf(worker.id)).toEqual([before, spooled, after].map((each) => each.providerMessageId));
    expect(await queued()).toBe(0);
    await running.stop();
  });
});
