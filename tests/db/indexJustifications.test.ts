import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

interface Justification {
  table: string;
  index: string;
  usedBy: string;
}

/** The rows of the index table in src/db/README.md: `| table | index | used by |`. */
function readJustifications(): Justification[] {
  const readme = readFileSync(new URL('../../src/db/README.md', import.meta.url), 'utf8');
  return readme
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Table') && !line.startsWith('| ---'))
    .map((line) => {
      const [table, index, usedBy] = line.split('|').slice(1, 4).map((cell) => cell.trim());
      return { table: table!, index: index!, usedBy: usedBy! };
    });
}

/** Repository paths named in a justification (src/… or migrations/…). */
function namedFiles(usedBy: string): string[] {
  return usedBy.match(/\b(?:src|migrations)\/[\w./-]+\.ts\b/g) ?? [];
}

describe('every index of the hot tables listed in src/db/README.md has a query that needs it', () => {
  it('lists exactly the indexes a migrated database has on those tables, each with the file of its query', async () => {
    const justifications = readJustifications();
    const tables = [...new Set(justifications.map((row) => row.table))];
    expect(tables).toEqual(expect.arrayContaining([
      'messages', 'workers', 'timers', 'worker_badges', 'conversations', 'worker_progress', 'worker_assignments', 'gamification_ledger',
      'domain_events', 'event_deliveries', 'inbound_queue', 'inbound_provider_ids', 'pending_statuses', 'well_being_answers',
    ]));

    const rows = await db.orm.em.getConnection().execute<{ tablename: string; indexname: string }[]>(
      `select tablename, indexname from pg_indexes where schemaname = 'public' and tablename in (?) order by 1, 2`,
      [tables],
    );
    const present = rows.map((row) => `${row.tablename}.${row.indexname}`).sort();
    expect(present).toEqual(justifications.map((row) => `${row.table}.${row.index}`).sort());

    for (const row of justifications) {
      const files = namedFiles(row.usedBy);
      expect(files.length > 0 || row.usedBy.startsWith('primary key'), `${row.index} names the file of its query`).toBe(true);
      for (const file of files) expect(existsSync(new URL(`../../${file}`, import.meta.url)), `${row.index}: ${file} exists`).toBe(true);
    }
  });
});
