import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMessageHistory } from '../../src/bench/seedMessageHistory';
import { runHistoryCommand } from '../../src/cli/runHistoryCommand';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { toCsvLine } from '../../src/files/toCsvLine';
import { ensureMessagePartitions } from '../../src/history/ensureMessagePartitions';
import { runHistoryMaintenance } from '../../src/history/runHistoryMaintenance';
import { createConsoleChannel, createOrganization } from '../support/factories';
import { runCliMain } from '../support/runCliMain';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const archiveDir = mkdtempSync(join(tmpdir(), 'coaching-restore-'));
const system = () => asSystem(db.orm.em.fork(), 'restore test');
let orgA: string;
let orgB: string;
/** A's rows before the history job archived them: every column, and the partition holding each. */
let before: { row: Record<string, unknown>; partition: string }[];
let julyFile: string;
let juneFile: string;

const rowsOfA = () =>
  scopedSql<{ row: Record<string, unknown>; partition: string }>(
    forOrganization(db.orm.em.fork(), orgA),
    'select to_jsonb(m) as row, tableoid::regclass::text as partition from messages m where organization_id = :organization_id order by id',
  );

async function history(...args: string[]): Promise<string> {
  const printed: string[] = [];
  expect(await runHistoryCommand(args, { em: db.orm.em.fork(), print: (text) => printed.push(text) })).toBe(0);
  return printed.join('\n');
}

/** A copy of an archive with its rows changed by `change` (cells by column name; null is an empty cell). */
function rewritten(file: string, change: (row: Record<string, string | null>, index: number) => void): string {
  const [header, ...rows] = parse(readFileSync(file), { cast: (value, context) => (context.quoting || value !== '' ? value : null) }) as (string | null)[][];
  const lines = rows.map((cells, index) => {
    const row = Object.fromEntries(header.map((name, at) => [name, cells[at]]));
    change(row, index);
    return toCsvLine(header.map((name) => row[String(name)]), { exact: true });
  });
  const copy = join(archiveDir, `edited-${randomUUID()}.csv`);
  writeFileSync(copy, toCsvLine(header, { exact: true }) + lines.join(''));
  return copy;
}

beforeAll(async () => {
  db = await createTestDatabase();
  orgA = (await createOrganization(system(), 'Restores')).id;
  orgB = (await createOrganization(system(), 'Other')).id;
  for (const [organizationId, months] of [[orgA, ['2026-06-01', '2026-07-01']], [orgB, ['2026-06-01']]] as const) {
    const channelId = (await createConsoleChannel(system(), organizationId, { name: 'History' })).id;
    await seedMessageHistory(forOrganization(db.orm.em.fork(), organizationId), { channelId, workerId: null, months: [...months], perMonth: 6 });
  }
  await ensureMessagePartitions(system(), new Date(Date.UTC(2026, 5, 10)), 1);
  // July's first row spans lines 2 and 3 of its archive: the lines named below count it.
  await scopedSql(
    system(),
    `update messages set body = E'two lines,\r\n"quoted"' where id = (select id from messages where organization_id = :org and created_at >= '2026-07-01' order by created_at, id limit 1)`,
    { org: orgA },
  );
  before = await rowsOfA();
  await scopedSql(system(), `update organizations set settings = '{"historyRetentionDays": 60}' where id = :org`, { org: orgA });
  // July held A's rows only: dropped whole; A's June rows (June is B's too) deleted one by one.
  expect((await runHistoryMaintenance(system(), new Date(Date.UTC(2027, 0, 15)), archiveDir)).dropped).toContain('messages_p2026_07');
  julyFile = join(archiveDir, orgA, 'messages_p2026_07.csv');
  juneFile = join(archiveDir, orgA, readdirSync(join(archiveDir, orgA)).find((file) => file.startsWith('messages_before_'))!);
  expect(await rowsOfA()).toEqual([]);
});
afterAll(async () => {
  await db.destroy();
  rmSync(archiveDir, { recursive: true, force: true });
});

describe('npm run history -- restore: an archive back into messages', () => {
  it("refuses a file of another organization than --organization's, restoring nothing", async () => {
    await expect(history('restore', julyFile, '--organization', 'Other')).rejects.toThrow(
      `${julyFile}, line 2, column organization_id: a row of organization ${orgA}, not of ${orgB} (--organization); nothing restored`,
    );
    expect(await rowsOfA()).toEqual([]);
  });

  it('restores a dropped month and deleted rows as they were: ids, seq, every column, their month partitions', async () => {
    expect(await history('restore', julyFile, '--organization', orgA)).toBe(`${julyFile}: 6 rows of 2026-07; 6 restored, 0 already there; partitions created: messages_p2026_07.`);
    expect(await history('restore', juneFile)).toBe(`${juneFile}: 6 rows of 2026-06; 6 restored, 0 already there.`);
    expect(await rowsOfA()).toEqual(before);
    expect(new Set(before.map((m) => m.partition))).toEqual(new Set(['messages_p2026_06', 'messages_p2026_07']));
  });

  it('adds nothing when the same file is restored again', async () => {
    expect(await history('restore', julyFile, '--organization', orgA)).toBe(`${julyFile}: 6 rows of 2026-07; 0 restored, 6 already there.`);
    expect(await rowsOfA()).toEqual(before);
  });

  it.each([
    ['a broken quote', (file: string) => readFileSync(file, 'utf8').replace(/\r\n([^\r]*)\r\n$/, '\r\n"$1\r\n'), /^line 8, column id: "=" after the closing quote$/],
    ['an unclosed quote', (file: string) => `${readFileSync(file, 'utf8')}"never closed\r\n`, /^line 9, column id: a quote opened here is never closed$/],
    ['a stray quote', (file: string) => readFileSync(file, 'utf8').replace(/\r\n([0-9a-f-]{36}),/, '\r\n$1x"y,'), /^line 2, column id: a quote inside an unquoted cell$/],
    ['a missing cell', (file: string) => readFileSync(file, 'utf8').replace(/,[^,\r\n]*\r\n$/, '\r\n'), /^line 8: 28 cells where the header has 29$/],
    ['a created_at that is no time', (file: string) => readFileSync(rewritten(file, (row, i) => i === 2 && (row.created_at = 'yesterday'))), /^line 5, column created_at: not a timestamp: "yesterday"$/],
    ['a sent_at that is no time', (file: string) => readFileSync(rewritten(file, (row, i) => i === 4 && (row.sent_at = 'soon'))), /^line 7, column sent_at: not a timestamp with time zone: "soon" \(invalid input syntax/],
    ['a worker that does not exist', (file: string) => readFileSync(rewritten(file, (row, i) => i === 1 && (row.worker_id = randomUUID()))), /^line 4, column worker_id, organization_id: Key \(worker_id, organization_id\)=.* is not present in table "workers"/],
    ['a direction of neither kind', (file: string) => readFileSync(rewritten(file, (row, i) => i === 5 && (row.direction = 'sideways'))), /^line 8: refused by the check messages_direction_check$/],
    ['an unknown column', (file: string) => readFileSync(file, 'utf8').replace('body', 'text'), /^line 1, column text: not a column of messages$/],
    ['a column named twice', (file: string) => readFileSync(file, 'utf8').replace('body', 'direction'), /^line 1, column direction: named twice in the header$/],
    ['a NUL character', (file: string) => readFileSync(rewritten(file, (row, i) => i === 3 && (row.body = 'a\u0000b'))), /^line 6, column body: /],
    ['a row of another organization among its own', (file: string) => readFileSync(rewritten(file, (row, i) => i === 4 && (row.organization_id = orgB))), /^line 7, column channel_id, organization_id: /],
  ])('names the line and column of %s, and restores nothing', async (_name, corrupt, problem) => {
    // New ids: every other row of the file would be restored.
    const source = rewritten(julyFile, (row) => (row.id = randomUUID()));
    const broken = join(archiveDir, `broken-${randomUUID()}.csv`);
    writeFileSync(broken, corrupt(source));
    const failure = await history('restore', broken).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure?.startsWith(`${broken}, `) && failure.endsWith('; nothing restored')).toBe(true);
    expect(failure?.slice(`${broken}, `.length, -'; nothing restored'.length)).toMatch(problem);
    expect(await rowsOfA()).toEqual(before);
  });

  it('restores nothing when a row past the first batch of 1,000 is refused: one transaction for the whole file', async () => {
    const copies = Array.from({ length: 200 }, (_, copy) =>
      readFileSync(rewritten(julyFile, (row, i) => ((row.id = randomUUID()), copy === 199 && i === 5 && (row.direction = 'sideways'))), 'utf8'),
    );
    const header = copies[0].slice(0, copies[0].indexOf('\r\n') + 2);
    const large = join(archiveDir, `large-${randomUUID()}.csv`);
    writeFileSync(large, header + copies.map((text) => text.slice(header.length)).join(''));
    // Each copy is 7 lines: its first row's body spans two.
    await expect(history('restore', large)).rejects.toThrow(`${large}, line ${1 + 199 * 7 + 7}: refused by the check messages_direction_check; nothing restored`);
    expect(await rowsOfA()).toEqual(before);
  });

  it('names a folder or a missing file given as the archive in one line (exit 1, no stack trace)', async () => {
    for (const [file, reason] of [[archiveDir, 'is a folder, not a file'], [join(archiveDir, 'missing.csv'), 'no such file or folder']]) {
      const run = await runCliMain(() => runHistoryCommand(['restore', file], { em: db.orm.em.fork(), print: () => {} }));
      expect(run).toEqual({ exitCode: 1, stderr: `error: ${file}: ${reason}` });
    }
  });

  it('says a file of a header alone holds no rows, and adds none', async () => {
    const headerOnly = join(archiveDir, `header-${randomUUID()}.csv`);
    writeFileSync(headerOnly, readFileSync(julyFile, 'utf8').split('\r\n', 1)[0] + '\r\n');
    expect(await history('restore', headerOnly)).toBe(`${headerOnly}: 0 rows of no month; 0 restored, 0 already there.`);
    expect(await rowsOfA()).toEqual(before);
  });

  it('is archived again by the next retention pass, beside the first archive', async () => {
    const firstArchive = readFileSync(julyFile, 'utf8');
    const done = await runHistoryMaintenance(system(), new Date(Date.UTC(2027, 0, 16)), archiveDir);
    expect(done.dropped).toContain('messages_p2026_07');
    expect(readFileSync(julyFile, 'utf8')).toBe(firstArchive);
    expect(readFileSync(join(archiveDir, orgA, `messages_p2026_07_${Date.UTC(2027, 0, 16)}.csv`), 'utf8')).toBe(firstArchive);
    expect(await rowsOfA()).toEqual([]);
  });

  it('moves the seq sequence past the restored rows (a rebuilt database): new messages still sort after them', async () => {
    await scopedSql(system(), `select setval(pg_get_serial_sequence('messages', 'seq'), 1, false)`);
    await history('restore', julyFile);
    const [row] = await scopedSql<{ next: string; restored: string }>(
      system(),
      `select nextval(pg_get_serial_sequence('messages', 'seq'))::text as next, (select max(seq) from messages where organization_id = :org)::text as restored`,
      { org: orgA },
    );
    expect(BigInt(row.next)).toBe(BigInt(row.restored) + 1n);
  });
});
