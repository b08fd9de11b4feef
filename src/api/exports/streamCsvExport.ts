import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { ExportQuery } from './exportQueries';
import { toCsvLine } from './toCsvLine';

/** Rows read per query: memory stays at one page whatever the export's size. */
const PAGE_ROWS = 5_000;

/**
 * A CSV export as a byte stream: the header, then pages of rows read by keyset (id order), each
 * page fetched only when the client has taken the previous one (backpressure), so a million rows
 * never sit in memory.
 */
export function streamCsvExport(em: EntityManager, query: ExportQuery, programId: string | undefined, pageRows = PAGE_ROWS): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = '00000000-0000-0000-0000-000000000000';
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(toCsvLine(query.columns)));
        return;
      }
      const rows = await scopedSql<Record<string, unknown>>(em, query.sql, { after, limit: pageRows, program: programId ?? null });
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((row) => toCsvLine(query.columns.map((column) => row[column]))).join('')));
        after = String(rows[rows.length - 1].id);
      }
      if (rows.length < pageRows) controller.close();
    },
  }, { highWaterMark: 1 });
}
