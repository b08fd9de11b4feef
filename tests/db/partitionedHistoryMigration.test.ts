import { describe, expect, it } from 'vitest';
import { seedMessageHistory } from '../../src/bench/seedMessageHistory';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import type { Database } from '../../src/db/openDatabase';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { recordInboundMessage } from '../../src/engine/recordInboundMessage';
import { createConsoleChannel, createOrganization, createWorker } from '../support/factories';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const beforePartitioning = 'Migration20261206093000_library_contentLibrary';
const months = ['2010-04-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'];

/** What must survive the conversion: row count, ids and seqs (as digests), and rows per month. */
async function fingerprint(database: Database) {
  const [row] = await scopedSql<{ count: number; ids: string; seqs: string; months: string }>(
    asSystem(database.orm.em, 'fingerprint'),
    `select count(*)::int as count, md5(string_agg(id::text, ',' order by id)) as ids, md5(string_agg(seq::text || ':' || id, ',' order by seq)) as seqs,
            (select string_agg(m || '=' || n, ' ' order by m) from (select to_char(created_at at time zone 'UTC', 'YYYY-MM') as m, count(*) as n from messages group by 1) per) as months
       from messages`,
  );
  return row;
}

async function partitionOf(database: Database, month: string): Promise<string[]> {
  const rows = await scopedSql<{ partition: string }>(
    asSystem(database.orm.em, 'partition of'),
    `select distinct tableoid::regclass::text as partition from messages where to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') like :month`,
    { month: `${month.slice(0, 7)}-%` },
  );
  return rows.map((row) => row.partition);
}

describe('the partitioned history migration (issue 23)', () => {
  const { database } = useEmptyDatabase('coaching_partitioned_history');

  it('converts a table with rows in several months without losing one, keeps ids and seqs, and converts back', async () => {
    await (await migratorOf(database().orm)).up({ to: beforePartitioning });
    const system = asSystem(database().orm.em.fork(), 'seed');
    const organizationId = (await createOrganization(system)).id;
    const channelId = (await createConsoleChannel(system, organizationId, { name: 'History' })).id;
    const workerId = (await createWorker(system, organizationId)).id;
    const org = forOrganization(database().orm.em.fork(), organizationId);
    expect(await seedMessageHistory(org, { channelId, workerId, months, perMonth: 40 })).toBe(240);
    const [{ id: oldInboundId }] = await scopedSql<{ id: string }>(org, `select provider_message_id as id from messages where organization_id = :organization_id and direction = 'inbound' limit 1`);
    const before = await fingerprint(database());

    await migrateDatabase(database());
    expect(await fingerprint(database())).toEqual(before);
    expect(await partitionOf(database(), '2026-02-01')).toEqual(['messages_p2026_02']);
    expect(await partitionOf(database(), '2025-11-01')).toEqual(['messages_p2025_11']);
    // More than ten years back: the default partition, not a partition per month since 2010.
    expect(await partitionOf(database(), '2010-04-01')).toEqual(['messages_pdefault']);

    // A provider redelivering an inbound message from before the conversion is still absorbed, in a later month.
    const redelivered = { channelId, workerId, conversationId: null, touchpointKey: null, at: Date.UTC(2026, 2, 20), message: { providerMessageId: oldInboundId, from: '+15550000001', at: Date.UTC(2026, 2, 20), text: 'again' } };
    expect(await recordInboundMessage(org, redelivered)).toBeUndefined();
    const [{ seq: nextSeq }] = await scopedSql<{ seq: string }>(
      org,
      `insert into messages (organization_id, channel_id, direction, status, created_at) values (:organization_id, :channel, 'outbound', 'queued', now()) returning seq`,
      { channel: channelId },
    );
    expect(BigInt(nextSeq)).toBeGreaterThan(240n);
    await scopedSql(org, 'delete from messages where organization_id = :organization_id and seq = :seq', { seq: nextSeq });

    await (await migratorOf(database().orm)).down({ to: beforePartitioning });
    expect(await fingerprint(database())).toEqual(before);
    await migrateDatabase(database());
    expect(await fingerprint(database())).toEqual(before);
  }, 300_000);
});
