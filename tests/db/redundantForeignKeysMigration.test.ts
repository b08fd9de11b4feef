import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createConsoleChannel, createOrganization, createWorker } from '../support/factories';
import { foreignKeyNames } from '../support/foreignKeyNames';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const dropped = [
  'messages_organization_id_foreign', 'inbound_queue_organization_id_fkey',
  'worker_progress_organization_id_foreign', 'worker_progress_worker_assignment_id_foreign', 'worker_progress_touchpoint_id_foreign',
  'timers_organization_id_foreign', 'timers_conversation_id_foreign',
  'conversations_organization_id_foreign', 'conversations_worker_id_foreign', 'conversations_worker_assignment_id_foreign',
  'well_being_answers_organization_id_foreign', 'well_being_answers_worker_id_foreign',
  'worker_badges_organization_id_foreign', 'worker_badges_worker_id_foreign', 'worker_badges_badge_id_foreign',
];

describe('the redundant foreign keys migration (issue 16)', () => {
  const { database } = useEmptyDatabase('coaching_redundant_fks');

  it('drops the keys a composite key already implies, and brings them back on the way down', async () => {
    await migrateDatabase(database());
    const lean = await foreignKeyNames(database());
    for (const gone of dropped) expect(lean).not.toContain(gone);
    expect(lean).toContain('messages_channel_id_same_organization');
    expect(lean).toContain('worker_progress_touchpoint_id_same_organization');

    await (await migratorOf(database().orm)).down({ to: 'Migration20261206224000_16_redundantForeignKeys' });
    const before = await foreignKeyNames(database());
    for (const back of dropped) expect(before).toContain(back);

    await migrateDatabase(database());
    expect(await foreignKeyNames(database())).toEqual(lean);
  });

  it('still refuses a message or a queued inbound in another organization than its worker or channel, and deleting an organization still deletes them', async () => {
    await migrateDatabase(database());
    const system = asSystem(database().orm.em.fork(), 'redundant foreign keys test');
    const orgA = (await createOrganization(system)).id;
    const orgB = (await createOrganization(system)).id;
    const channelA = (await createConsoleChannel(system, orgA, { name: 'A' })).id;
    const workerA = (await createWorker(system, orgA)).id;
    const workerB = (await createWorker(system, orgB)).id;
    const insert = (org: string, worker: string | null) => scopedSql(
      system,
      `insert into messages (organization_id, channel_id, worker_id, direction, body, status, created_at)
       values (:org, :channel, :worker, 'inbound', 'hi', 'received', now())`,
      { org, channel: channelA, worker },
    );

    await expect(insert(orgA, workerB)).rejects.toThrow(/messages_worker_id_same_organization/);
    await expect(insert(orgB, null)).rejects.toThrow(/messages_channel_id_same_organization/);
    await insert(orgA, workerA);
    await insert(orgA, null);
    const queue = (org: string) => scopedSql(
      system,
      `insert into inbound_queue (organization_id, channel_id, sender, provider_message_id, message, received_at)
       values (:org, :channel, '+15550000000', :id, '{}', now())`,
      { org, channel: channelA, id: `wamid.${org}` },
    );
    await expect(queue(orgB)).rejects.toThrow(/inbound_queue_channel_same_organization/);
    await queue(orgA);

    const rowsOf = async (table: string, org: string) =>
      (await scopedSql<{ n: number }>(system, `select count(*)::int as n from ${table} where organization_id = :org`, { org }))[0].n;
    expect([await rowsOf('messages', orgA), await rowsOf('inbound_queue', orgA)]).toEqual([2, 1]);
    await scopedSql(system, 'delete from organizations where id = :org', { org: orgA });
    expect([await rowsOf('messages', orgA), await rowsOf('inbound_queue', orgA)]).toEqual([0, 0]);
  });
});
