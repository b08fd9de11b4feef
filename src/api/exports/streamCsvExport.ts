import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { ExportQuery } from './exportQueries';
import { toCsvLine } from '../../files/toCsvLine';

/** Rows read per query: memory stays at one page whatever the export's size. */
const PAGE_ROWS = 5_000;

/** Reads the page of rows whose key comes after `after` (at most `limit`, in key order). */
export type CsvPageReader = (after: string, limit: number) => Promise<Record<string, unknown>[]>;

/**
 * A CSV as a byte stream: the header, then pages of rows read by keyset (`keyColumn` order), each
 * page fetched only when the client has taken the previous one (backpressure), so a million rows
 * never sit in memory.
 */
export function streamCsvPages(columns: readonly string[], keyColumn: string, readPage: CsvPageReader, pageRows = PAGE_ROWS): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = '00000000-0000-0000-0000-000000000000';
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(toCsvLine([...columns])));
        return;
      }
      const rows = await readPage(after, pageRows);
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((row) => toCsvLine(columns.map((column) => row[column]))).join('')));
        after = String(rows[rows.length - 1][keyColumn]);
      }
      if (rows.length < pageRows) controller.close();
    },
  }, { highWaterMark: 1 });
}

/** One of the CSV exports (exportQueries), streamed page by page by its `id`. */
export function streamCsvExport(em: EntityManager, query: ExportQuery, programId: string | undefined, pageRows = PAGE_ROWS): ReadableStream<Uint8Array> {
  return streamCsvPages(query.columns, 'id', (after, limit) => scopedSql<Record<string, unknown>>(em, query.sql, { after, limit, program: programId ?? null }), pageRows);
}
