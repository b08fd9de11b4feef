import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toCsvLine } from '../files/toCsvLine';
import { messageColumns } from './messageColumns';

/** Rows read per query: memory stays at one page whatever the archive's size. */
const PAGE_ROWS = 5_000;

export interface RowsToExport {
  /** `messages` or a detached month table of it (a name checked by the caller). */
  table: string;
  organizationId: string;
  /** Only rows with `created_at` before this. */
  before: Date;
  /** The CSV written; it appears under this name only once complete and on disk. */
  file: string;
}

/**
 * Streams one organization's rows of `table` older than `before` into a CSV (none: no file; every column as
 * PostgreSQL prints it, a header first, readable by `COPY … CSV HEADER`), page by page in
 * (created_at, id) order. Returns the rows written and the highest `seq` among them: a caller
 * deletes up to it, so a row written meanwhile is never deleted unexported.
 */
export async function exportOrganizationRows(system: EntityManager, rows: RowsToExport): Promise<{ written: number; maxSeq: string | null }> {
  const columns = (await messageColumns(system, rows.table)).map((column) => column.name);
  const selectList = columns.map((column) => `"${column}"::text`).join(', ');
  await mkdir(dirname(rows.file), { recursive: true });
  const partial = `${rows.file}.partial`;
  const handle = await open(partial, 'w');
  let written = 0;
  let maxSeq: bigint | null = null;
  try {
    await handle.write(toCsvLine(columns, { exact: true }));
    let after = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const page = await scopedSql<Record<string, string | null>>(
        system,
        `select ${selectList} from "${rows.table}"
          where organization_id = :org and created_at < :before and (created_at, id) > (:afterAt::timestamptz, :afterId::uuid)
          order by created_at, id limit ${PAGE_ROWS}`,
        { org: rows.organizationId, before: rows.before, afterAt: after.at, afterId: after.id },
      );
      if (page.length > 0) await handle.write(page.map((row) => toCsvLine(columns.map((column) => row[column]), { exact: true })).join(''));
      for (const row of page) if (maxSeq === null || BigInt(row.seq ?? 0) > maxSeq) maxSeq = BigInt(row.seq ?? 0);
      written += page.length;
      if (page.length < PAGE_ROWS) break;
      const last = page[page.length - 1];
      after = { at: String(last.created_at), id: String(last.id) };
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (written === 0) await rm(partial);
  else await rename(partial, rows.file);
  return { written, maxSeq: maxSeq === null ? null : String(maxSeq) };
}
