import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createConsoleChannel, createOrganization } from '../support/factories';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

describe('the one pending status each migration', () => {
  const { database } = useEmptyDatabase('coaching_one_pending_status_each');

  it('deletes the copies of a kept status (the first received stays), then refuses new ones; on the way down keeps them again', async () => {
    await migrateDatabase(database());
    await (await migratorOf(database().orm)).down({ to: 'Migration20261207090000_onePendingStatusEach' });
    const system = asSystem(database().orm.em.fork(), 'one pending status each test');
    const org = (await createOrganization(system)).id;
    const channel = (await createConsoleChannel(system, org, { name: 'A' })).id;
    const keep = (status: string, receivedAt: string) => scopedSql(
      system,
      `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at, received_at) values (:org, :channel, 'wamid.1', :status, now(), :receivedAt)`,
      { org, channel, status, receivedAt },
    );
    await keep('delivered', '2026-12-07T10:00:01Z');
    await keep('delivered', '2026-12-07T10:00:00Z');
    await keep('read', '2026-12-07T10:00:02Z');
    const kept = async () => (await scopedSql<{ status: string; received_at: string }>(system, `select status, received_at from pending_statuses order by received_at`))
      .map((row) => ({ status: row.status, receivedAt: new Date(row.received_at).toISOString() }));

    await migrateDatabase(database());
    expect(await kept()).toEqual([
      { status: 'delivered', receivedAt: '2026-12-07T10:00:00.000Z' },
      { status: 'read', receivedAt: '2026-12-07T10:00:02.000Z' },
    ]);
    await expect(keep('read', '2026-12-07T10:00:03Z')).rejects.toThrow(/pending_statuses_lookup_index/);

    await (await migratorOf(database().orm)).down({ to: 'Migration20261207090000_onePendingStatusEach' });
    await keep('read', '2026-12-07T10:00:03Z');
    expect(await kept()).toHaveLength(3);
  });
});
