import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { ArchiveRecord } from './readArchiveRecords';
import type { MessageColumn } from './messageColumns';

const varchar = /^character varying\((\d+)\)$/;

/** The SQL reading cell `index` of a JSON row `r` as `column`; text goes in uncast, so an over-long value fails (an explicit cast would cut it). */
function cellAs(column: MessageColumn, index: number): string {
  const cell = `(r->>${index})`;
  return column.type === 'text' || varchar.test(column.type) ? cell : `${cell}::${column.type}`;
}

/**
 * Inserts archived rows into `messages` as they were (their `id` and `seq` too), in one statement;
 * a row already there (same id and `created_at`) is left alone. `columns` are the archive header's,
 * in its order. Returns how many were new, and their highest `seq`.
 */
export async function insertArchivedRows(tx: EntityManager, columns: MessageColumn[], records: ArchiveRecord[]): Promise<{ inserted: number; maxSeq: string | null }> {
  const [row] = await scopedSql<{ inserted: number; maxSeq: string | null }>(
    tx,
    `with added as (
       insert into messages (${columns.map((column) => `"${column.name}"`).join(', ')}) overriding system value
       select ${columns.map(cellAs).join(', ')} from json_array_elements(:rows::json) as r
       on conflict (id, created_at) do nothing
       returning seq)
     select count(*)::int as inserted, max(seq)::text as "maxSeq" from added`,
    { rows: JSON.stringify(records.map((record) => record.cells)) },
  );
  return row;
}

/** The first cell of `cells` its column's type does not accept, with PostgreSQL's reason; undefined if every one is. */
export async function firstRejectedCell(tx: EntityManager, columns: MessageColumn[], cells: (string | null)[]): Promise<{ column: string; problem: string } | undefined> {
  for (const [index, column] of columns.entries()) {
    const value = cells[index];
    if (value === null) continue;
    const limit = varchar.exec(column.type);
    if (limit && [...value].length > Number(limit[1])) return { column: column.name, problem: `longer than ${limit[1]} characters` };
    try {
      await tx.transactional((attempt) => scopedSql(attempt, `select cast(:value as ${column.type})`, { value }));
    } catch (error) {
      return { column: column.name, problem: `not a ${column.type}: ${JSON.stringify(value)} (${databaseReason(error)})` };
    }
  }
  return undefined;
}

/** PostgreSQL's own words for a failed statement (the driver prefixes them with the SQL). */
export function databaseReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.lastIndexOf(' - ');
  return at < 0 ? message : message.slice(at + 3);
}
