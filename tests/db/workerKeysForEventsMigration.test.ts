import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createConsoleChannel, createOrganization, createWorker } from '../support/factories';
import { foreignKeyNames } from '../support/foreignKeyNames';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const dropped = [
  'gamification_ledger_organization_id_foreign', 'domain_events_organization_id_fkey',
  'pending_statuses_organization_id_foreign', 'pending_statuses_channel_id_foreign',
  'channel_send_slots_organization_id_foreign', 'channel_send_slots_channel_id_foreign',
  'event_deliveries_organization_id_fkey', 'event_deliveries_event_id_fkey',
];
const added = [
  'gamification_ledger_worker_id_same_organization', 'domain_events_worker_id_same_organization', 'domain_events_workerless_organization_id_fkey',
  'pending_statuses_channel_same_organization', 'channel_send_slots_channel_same_organization', 'event_deliveries_event_same_organization',
];

describe('the worker keys for events migration (issue 16)', () => {
  const { database } = useEmptyDatabase('coaching_worker_keys_for_events');

  it('trades the organization keys of events, deliveries, ledger entries, kept statuses and send slots for keys to their worker, event or channel, and brings them back on the way down', async () => {
    await migrateDatabase(database());
    const lean = await foreignKeyNames(database());
    for (const gone of dropped) expect(lean).not.toContain(gone);
    for (const key of added) expect(lean).toContain(key);

    await (await migratorOf(database().orm)).down({ to: 'Migration20261207020000_16_workerKeysForEvents' });
    const before = await foreignKeyNames(database());
    for (const back of dropped) expect(before).toContain(back);
    for (const key of added) expect(before).not.toContain(key);

    await migrateDatabase(database());
    expect(await foreignKeyNames(database())).toEqual(lean);
  });

  it("still refuses an event, a delivery, a ledger entry or a kept status of another organization's worker, event or channel, or of no organization; deleting a worker or an organization still deletes them", async () => {
    await migrateDatabase(database());
    const system = asSystem(database().orm.em.fork(), 'worker keys for events test');
    const orgA = (await createOrganization(system)).id;
    const orgB = (await createOrganization(system)).id;
    const channelA = (await createConsoleChannel(system, orgA, { name: 'A' })).id;
    const workerA = (await createWorker(system, orgA)).id;
    const leaving = (await createWorker(system, orgA)).id;
    const workerB = (await createWorker(system, orgB)).id;
    const event = async (org: string, worker: string | null) => (await scopedSql<{ id: string }>(
      system,
      `insert into domain_events (organization_id, worker_id, type, occurred_at, data) values (:org, :worker, 'quiz.answered', now(), '{}') returning id`,
      { org, worker },
    ))[0].id;
    const delivery = (org: string, eventId: string) => scopedSql(
      system,
      `insert into event_deliveries (organization_id, event_id, target, next_attempt_at) values (:org, :eventId, 'xapi', now())`,
      { org, eventId },
    );
    const entry = (org: string, worker: string) => scopedSql(
      system,
      `insert into gamification_ledger (organization_id, worker_id, kind, points, idempotency_key, occurred_at, week_start)
       values (:org, :worker, 'quizAnswered', 5, gen_random_uuid()::text, now(), current_date)`,
      { org, worker },
    );
    const status = (org: string) => scopedSql(
      system,
      `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at) values (:org, :channel, 'wamid.1', 'read', now())`,
      { org, channel: channelA },
    );

    await expect(event(orgA, workerB)).rejects.toThrow(/domain_events_worker_id_same_organization/);
    await expect(event('00000000-0000-4000-8000-000000000000', null)).rejects.toThrow(/domain_events_workerless_organization_id_fkey/);
    await expect(entry(orgA, workerB)).rejects.toThrow(/gamification_ledger_worker_id_same_organization/);
    await expect(status(orgB)).rejects.toThrow(/pending_statuses_channel_same_organization/);
    for (const worker of [workerA, leaving]) {
      await delivery(orgA, await event(orgA, worker));
      await entry(orgA, worker);
    }
    const workerless = await event(orgA, null);
    await expect(delivery(orgB, workerless)).rejects.toThrow(/event_deliveries_event_same_organization/);
    await delivery(orgA, workerless);
    await status(orgA);

    const rowsOf = async (table: string, org: string) =>
      (await scopedSql<{ n: number }>(system, `select count(*)::int as n from ${table} where organization_id = :org`, { org }))[0].n;
    const counts = async () => {
      const rows: number[] = [];
      for (const table of ['domain_events', 'event_deliveries', 'gamification_ledger', 'pending_statuses']) rows.push(await rowsOf(table, orgA));
      return rows;
    };
    expect(await counts()).toEqual([3, 3, 2, 1]);
    await scopedSql(system, 'delete from workers where id = :worker', { worker: leaving });
    expect(await counts()).toEqual([2, 2, 1, 1]);
    await scopedSql(system, 'delete from organizations where id = :org', { org: orgA });
    expect(await counts()).toEqual([0, 0, 0, 0]);
  });
});
