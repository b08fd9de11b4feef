import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStatusWriter } from '../../src/delivery/createStatusWriter';
import { startCrossedStatusSweep } from '../../src/delivery/crossedStatusSweep';
import { applyCrossed, applyCrossedStatuses, applyEveryCrossed } from '../../src/delivery/writeStatusUpdates';
import { systemStatementsOf, type RunSystemStatement } from '../../src/delivery/systemStatements';
import { countStatements } from '../support/countStatements';
import { waitFor } from '../support/waitFor';
import { useOutboxWorld } from '../support/useOutboxWorld';

const world = useOutboxWorld();

let counter: ReturnType<typeof countStatements> | undefined;

/** Round trips on the hot path and statements of the ORM while `work` runs. */
async function statementsOf(work: () => Promise<unknown>): Promise<{ hot: number; orm: number }> {
  counter ??= countStatements({ orm: world().deps.orm, hot: world().deps.hot! });
  counter.reset();
  await work();
  return { hot: counter.hotRoundTrips, orm: counter.ormStatements };
}

/** An outbound message recorded sent with provider id `pid`. */
async function sentMessage(org: string, channel: string, pid: string): Promise<string> {
  const worker = await world().worker(org);
  const id = await world().queue(org, channel, worker.id);
  await world().sql(`update messages set status = 'sent', provider_message_id = :pid, sent_at = now() where id = :id`, { id, pid });
  return id;
}

describe('provider statuses written in batches', () => {
  it('writes many statuses in one statement and answers each once it is written, forward only', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => sentMessage(org, channel, `batch-${i}`)));
    const writer = createStatusWriter({ orm: deps.orm, hot: deps.hot, logger: deps.logger, everyMs: 5, sweepAfterMs: 60_000 });
    const at = world().clock.now();
    let answers: boolean[] = [];
    const statements = await statementsOf(async () => {
      answers = await Promise.all(ids.flatMap((_, i) => [
        writer.write({ organizationId: org, channelId: channel, update: { providerMessageId: `batch-${i}`, status: 'read', at: at + 2_000 } }),
        writer.write({ organizationId: org, channelId: channel, update: { providerMessageId: `batch-${i}`, status: 'delivered', at: at + 1_000 } }),
      ]));
    });
    await writer.close();
    // One prepared statement on the hot path, nothing through the ORM.
    expect(statements).toEqual({ hot: 1, orm: 0 });
    // Each webhook is answered after its status is committed: another connection sees it.
    for (const id of ids) expect(await world().message(id)).toMatchObject({ status: 'read' });
    expect(answers.filter((moved) => moved)).toHaveLength(20);
    const [row] = await world().sql<{ delivered_at: Date; read_at: Date }>('select delivered_at, read_at from messages where id = :id', { id: ids[0] });
    expect(new Date(row.delivered_at).getTime()).toBe(at + 1_000);
    expect(new Date(row.read_at).getTime()).toBe(at + 2_000);
  });

  it('fails only the status that cannot be stored: the others of its batch are written', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const id = await sentMessage(org, channel, 'good-1');
    const writer = createStatusWriter({ orm: deps.orm, hot: deps.hot, logger: deps.logger, everyMs: 5 });
    const at = world().clock.now();
    const [good, bad] = await Promise.allSettled([
      writer.write({ organizationId: org, channelId: channel, update: { providerMessageId: 'good-1', status: 'delivered', at } }),
      // A channel that does not exist: kept for later, refused by the foreign key.
      writer.write({ organizationId: org, channelId: randomUUID(), update: { providerMessageId: 'nowhere', status: 'delivered', at } }),
    ]);
    await writer.close();
    expect(good).toEqual({ status: 'fulfilled', value: true });
    expect(bad.status).toBe('rejected');
    expect(await world().message(id)).toMatchObject({ status: 'delivered' });
  });

  it('keeps a status given twice for an id not recorded yet once, in one batch or two', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const writer = createStatusWriter({ orm: deps.orm, hot: deps.hot, logger: deps.logger, everyMs: 5, sweepAfterMs: 60_000 });
    const status = { organizationId: org, channelId: channel, update: { providerMessageId: 'twice-1', status: 'delivered' as const, at: world().clock.now() } };
    expect(await Promise.all([writer.write(status), writer.write(status)])).toEqual([false, false]);
    expect(await writer.write(status)).toBe(false);
    await writer.close();
    expect(await world().sql(`select status from pending_statuses where provider_message_id = 'twice-1'`)).toEqual([{ status: 'delivered' }]);
  });

  it('applies a status that crossed the send being recorded (kept for an id the send then recorded)', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const writer = createStatusWriter({ orm: deps.orm, hot: deps.hot, logger: deps.logger, everyMs: 5, sweepAfterMs: 60_000 });
    const at = world().clock.now();
    const status = { organizationId: org, channelId: channel, update: { providerMessageId: 'crossed-1', status: 'delivered' as const, at } };
    expect(await writer.write(status)).toBe(false);
    await writer.close();
    // The send's record did not see the kept status (both were in flight at once).
    const id = await sentMessage(org, channel, 'crossed-1');
    expect(await applyCrossedStatuses(systemStatementsOf(deps.orm, deps.hot), [status])).toBe(1);
    expect(await world().message(id)).toMatchObject({ status: 'delivered' });
    expect(await world().sql(`select * from pending_statuses where provider_message_id = 'crossed-1'`)).toHaveLength(0);
  });

  it("a writer's first sweep applies every status kept before it started; its later sweeps look only at the statuses it kept since", async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    // Kept by a process that was stopped before its sweep, the message since recorded.
    await world().sql(`insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values (:org, :channel, 'before-1', 'delivered', now())`, { org, channel });
    const before = await sentMessage(org, channel, 'before-1');
    const writer = createStatusWriter({ orm: deps.orm, hot: deps.hot, logger: deps.logger, everyMs: 5, sweepAfterMs: 200 });
    await waitFor("the writer's first sweep applied the status kept for before-1", async () => (await world().message(before)).status === 'delivered');
    expect(await world().sql(`select * from pending_statuses where provider_message_id = 'before-1'`)).toHaveLength(0);

    // Kept after, by another writer, its message since recorded: not this writer's to sweep.
    await world().sql(`insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values (:org, :channel, 'elsewhere-1', 'delivered', now())`, { org, channel });
    const elsewhere = await sentMessage(org, channel, 'elsewhere-1');
    expect(await writer.write({ organizationId: org, channelId: channel, update: { providerMessageId: 'mine-1', status: 'delivered', at: world().clock.now() } })).toBe(false);
    const mine = await sentMessage(org, channel, 'mine-1');

    await waitFor('the sweep applied the status kept for mine-1', async () => (await world().message(mine)).status === 'delivered');
    await writer.close();
    expect(await world().message(elsewhere)).toMatchObject({ status: 'sent' });
    expect(await world().sql(`select * from pending_statuses where provider_message_id = 'elsewhere-1'`)).toHaveLength(1);
  });

  it('a sweep that failed puts back the statuses it took: a later sweep applies them', async () => {
    const { deps } = world();
    const org = await world().organization();
    const channel = await world().channel(org, 'console');
    const run = systemStatementsOf(deps.orm, deps.hot);
    const ran: string[] = [];
    // The database refuses the first sweep of kept keys (after the first sweep, of every kept status).
    const failingOnce: RunSystemStatement = async (statement, params) => {
      ran.push(statement.prepared.name);
      if (statement === applyCrossed && ran.filter((name) => name === applyCrossed.prepared.name).length === 1) throw new Error('connection lost');
      return run(statement, params);
    };
    const sweep = startCrossedStatusSweep({ run: failingOnce, logger: deps.logger, afterMs: 100 });
    await waitFor('the first sweep ran', () => ran.length === 1);
    const status = { organizationId: org, channelId: channel, update: { providerMessageId: 'retried-1', status: 'delivered' as const, at: world().clock.now() } };
    await world().sql(`insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values (:org, :channel, 'retried-1', 'delivered', now())`, { org, channel });
    const id = await sentMessage(org, channel, 'retried-1');
    sweep.keep([status]);

    await waitFor('a later sweep applied the status kept for retried-1', async () => (await world().message(id)).status === 'delivered');
    sweep.stop();
    expect(ran).toEqual([applyEveryCrossed.prepared.name, applyCrossed.prepared.name, applyCrossed.prepared.name]);
  });
});
