import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { ensureMessagePartitions } from '../../src/history/ensureMessagePartitions';
import { monthsFrom, partitionNameOf } from '../../src/history/partitionMonths';
import { createConsoleChannel, createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const system = () => asSystem(db.orm.em.fork(), 'months ahead test');

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

async function partitions(): Promise<string[]> {
  const rows = await scopedSql<{ name: string }>(system(), `select inhrelid::regclass::text as name from pg_inherits where inhparent = 'messages'::regclass order by 1`);
  return rows.map((row) => row.name);
}

/** The partition a message created at `at` lands in. */
async function partitionOfRowAt(organizationId: string, channelId: string, at: string): Promise<string> {
  const [row] = await scopedSql<{ partition: string }>(
    system(),
    `insert into messages (organization_id, channel_id, direction, body, status, created_at)
     values (:organizationId, :channelId, 'outbound', 'hello', 'queued', :at::timestamptz) returning tableoid::regclass::text as partition`,
    { organizationId, channelId, at },
  );
  return row.partition;
}

// Each empty month partition costs a probe of its 15 indexes on every by-key statement of the hot
// path: the months kept ready are this one and the next, no more.
describe('the month partitions of messages kept ahead', () => {
  it('after the migrations: this month, the next one and the default partition', async () => {
    const [thisMonth, nextMonth] = monthsFrom(new Date(), 1);
    expect(await partitions()).toEqual([partitionNameOf(thisMonth), partitionNameOf(nextMonth), 'messages_pdefault'].sort());
  });

  it("the history job's pass on a month's last day has next month's partition ready: a row at the boundary lands in it", async () => {
    const organizationId = (await createOrganization(system(), 'Boundary')).id;
    const channelId = (await createConsoleChannel(system(), organizationId, { name: 'Boundary' })).id;

    expect(await ensureMessagePartitions(system(), new Date(Date.UTC(2030, 4, 31, 23, 0)))).toEqual(['2030-05-01', '2030-06-01']);
    expect(await partitionOfRowAt(organizationId, channelId, '2030-05-31T23:59:59.999999Z')).toBe('messages_p2030_05');
    expect(await partitionOfRowAt(organizationId, channelId, '2030-06-01T00:00:00Z')).toBe('messages_p2030_06');
    // A month no pass created yet waits in the default partition, and moves when a pass creates it.
    expect(await partitionOfRowAt(organizationId, channelId, '2030-07-01T00:00:00Z')).toBe('messages_pdefault');
    expect(await ensureMessagePartitions(system(), new Date(Date.UTC(2030, 5, 1, 2, 41)))).toEqual(['2030-07-01']);
    const [moved] = await scopedSql<{ partition: string }>(system(), `select tableoid::regclass::text as partition from messages where created_at = '2030-07-01T00:00:00Z'`);
    expect(moved.partition).toBe('messages_p2030_07');
  });
});
