import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMessageHistory } from '../../src/bench/seedMessageHistory';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { ensureMessagePartitions } from '../../src/history/ensureMessagePartitions';
import { runHistoryMaintenance } from '../../src/history/runHistoryMaintenance';
import { createConsoleChannel, createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const archiveDir = mkdtempSync(join(tmpdir(), 'coaching-archive-'));
const system = () => asSystem(db.orm.em.fork(), 'history test');
let orgA: string;
let orgB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  orgA = (await createOrganization(system(), 'Keeps 60 days')).id;
  orgB = (await createOrganization(system(), 'Keeps everything')).id;
  for (const [organizationId, months] of [[orgA, ['2026-06-01', '2026-07-01', '2026-12-01']], [orgB, ['2026-06-01']]] as const) {
    const channelId = (await createConsoleChannel(system(), organizationId, { name: 'History' })).id;
    await seedMessageHistory(forOrganization(db.orm.em.fork(), organizationId), { channelId, workerId: null, months: [...months], perMonth: 6 });
  }
});
afterAll(async () => {
  await db.destroy();
  rmSync(archiveDir, { recursive: true, force: true });
});

async function messagesOf(organizationId: string): Promise<{ id: string; month: string; partition: string }[]> {
  return scopedSql(
    forOrganization(db.orm.em.fork(), organizationId),
    `select id, to_char(created_at at time zone 'UTC', 'YYYY-MM') as month, tableoid::regclass::text as partition from messages where organization_id = :organization_id order by created_at, id`,
  );
}

async function setRetention(organizationId: string, days: number) {
  await scopedSql(system(), `update organizations set settings = settings || jsonb_build_object('historyRetentionDays', :days::int) where id = :org`, { org: organizationId, days });
}

function archived(organizationId: string, file: string): Record<string, string>[] {
  return parse(readFileSync(join(archiveDir, organizationId, file)), { columns: true });
}

describe('the message history: partitions ahead, retention and archive', () => {
  it('creates month partitions, moving their rows out of the default partition', async () => {
    expect(new Set((await messagesOf(orgA)).filter((m) => m.month < '2026-08').map((m) => m.partition))).toEqual(new Set(['messages_pdefault']));
    expect(await ensureMessagePartitions(system(), new Date(Date.UTC(2026, 5, 10)), 1)).toEqual(['2026-06-01', '2026-07-01']);
    const partitions = new Set((await messagesOf(orgA)).map((m) => `${m.month} ${m.partition}`));
    expect(partitions).toContain('2026-06 messages_p2026_06');
    expect(partitions).toContain('2026-07 messages_p2026_07');
    expect(await ensureMessagePartitions(system(), new Date(Date.UTC(2026, 5, 10)), 1)).toEqual([]);
  });

  it("exports and drops a whole month once past every holder's retention, and exports then deletes one organization's own old rows", async () => {
    await setRetention(orgA, 60);
    const [a, b] = [await messagesOf(orgA), await messagesOf(orgB)];
    const done = await runHistoryMaintenance(system(), new Date(Date.UTC(2027, 0, 15)), archiveDir);

    // July held only A's rows, past A's 60 days: the whole month went. June also holds B's, kept forever.
    expect(done.dropped).toEqual(['messages_p2026_07']);
    expect(archived(orgA, 'messages_p2026_07.csv').map((row) => row.id)).toEqual(a.filter((m) => m.month === '2026-07').map((m) => m.id));
    // A's June rows went one by one into their own file; its December rows (within 60 days) remain, and so do all of B's.
    const [rowsFile] = readdirSync(join(archiveDir, orgA)).filter((file) => file.startsWith('messages_before_2026-11-16'));
    const juneOfA = archived(orgA, rowsFile);
    expect(juneOfA.map((row) => row.id)).toEqual(a.filter((m) => m.month === '2026-06').map((m) => m.id));
    expect(done.archived).toEqual({ [orgA]: 6 });
    expect((await messagesOf(orgA)).map((m) => m.id)).toEqual(a.filter((m) => m.month === '2026-12').map((m) => m.id));
    expect(await messagesOf(orgB)).toEqual(b);
    expect(readdirSync(archiveDir)).not.toContain(orgB);

    // The archive keeps text exactly (a formula-like body, an empty one, quotes) and tells null from empty.
    expect(new Set(juneOfA.map((row) => row.body))).toEqual(new Set(['=SUM(A1), "quoted"', '', 'hello 2', 'hello 5']));
    expect(readFileSync(join(archiveDir, orgA, rowsFile), 'utf8')).toMatch(/,"",/);
    expect(juneOfA.every((row) => row.organization_id === orgA && row.payload === '{"seeded": true}')).toBe(true);
  });

  it('drops June once B has a retention too, finishing a month an interrupted run left detached', async () => {
    await setRetention(orgB, 30);
    const juneOfB = (await messagesOf(orgB)).map((m) => m.id);
    await scopedSql(system(), 'alter table messages detach partition messages_p2026_06');
    const done = await runHistoryMaintenance(system(), new Date(Date.UTC(2027, 0, 15)), archiveDir);
    expect(done.dropped).toEqual(['messages_p2026_06']);
    expect(archived(orgB, 'messages_p2026_06.csv').map((row) => row.id)).toEqual(juneOfB);
    expect(await messagesOf(orgB)).toEqual([]);
    expect(await scopedSql(system(), `select to_regclass('messages_p2026_06') as gone`)).toEqual([{ gone: null }]);
  });
});
