import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { checkArchiveFile } from './checkArchiveFile';
import { databaseReason, firstRejectedCell, insertArchivedRows } from './insertArchivedRows';
import { listMessagePartitions } from './listMessagePartitions';
import { messageColumns, type MessageColumn } from './messageColumns';
import { partitionNameOf } from './partitionMonths';
import { readArchiveRecords, type ArchiveRecord } from './readArchiveRecords';
import { ArchiveLineError, RestoreRefusedError } from './restoreRefused';

/** Rows per INSERT: one statement of about a megabyte of JSON. */
const BATCH_ROWS = 1_000;

export interface RestoredArchive {
  /** Rows in the file. */
  rows: number;
  /** Rows inserted; the others were there already (restored before, or never archived). */
  inserted: number;
  /** Months the rows belong to, e.g. `['2026-06-01']`. */
  months: string[];
  /** Month partitions created for them. */
  createdPartitions: string[];
}

/** Which row of `batch` is refused and why, found by inserting each alone after the batch failed with `error`. */
async function locateFailure(tx: EntityManager, columns: MessageColumn[], batch: ArchiveRecord[], error: unknown): Promise<ArchiveLineError> {
  for (const record of batch) {
    try {
      await tx.transactional((attempt) => insertArchivedRows(attempt, columns, [record]));
    } catch (rowError) {
      const fields = rowError as { code?: string; column?: string; detail?: string; constraint?: string };
      if (fields.code === '23502') return new ArchiveLineError(record.line, fields.column, 'empty, and the column needs a value');
      if (fields.code === '23503') return new ArchiveLineError(record.line, /^Key \(([^)]*)\)/.exec(fields.detail ?? '')?.[1], (fields.detail ?? databaseReason(rowError)).replace(/\.$/, ''));
      if (fields.code === '23514') return new ArchiveLineError(record.line, undefined, `refused by the check ${fields.constraint}`);
      const cell = await firstRejectedCell(tx, columns, record.cells);
      return new ArchiveLineError(record.line, cell?.column, cell?.problem ?? databaseReason(rowError));
    }
  }
  return new ArchiveLineError(batch[0].line, undefined, databaseReason(error));
}

/**
 * Streams an archive CSV of the history job back into `messages` (README "Partitioned history"):
 * checked whole first (`checkArchiveFile`: nothing is restored from a malformed file or from one of
 * another organization than `organizationId`), the partitions of its months created if missing,
 * then inserted in batches of `BATCH_ROWS` in one transaction, rows keeping their id and seq; a row
 * already there is skipped, so restoring a file twice adds nothing. A row the database refuses is an
 * `ArchiveLineError` naming its line and column, and nothing is restored.
 */
export async function restoreArchive(system: EntityManager, file: string, organizationId?: string): Promise<RestoredArchive> {
  const checked = await checkArchiveFile(file, await messageColumns(system, 'messages'), organizationId);
  const detached = new Set((await listMessagePartitions(system)).filter((partition) => !partition.attached).map((partition) => partition.name));
  const unfinished = checked.months.map(partitionNameOf).filter((name) => detached.has(name));
  if (unfinished.length > 0) throw new RestoreRefusedError(`${unfinished.join(', ')} detached by a history run that has not finished: let the history job archive it first`);
  const createdPartitions: string[] = [];
  for (const month of checked.months) {
    const [row] = await scopedSql<{ created: boolean }>(system, 'select ensure_messages_partition(:month::date) as created', { month });
    if (row.created) createdPartitions.push(partitionNameOf(month));
  }
  const inserted = await system.transactional(async (tx) => {
    let total = 0;
    let maxSeq = 0n;
    let batch: ArchiveRecord[] = [];
    const flush = async () => {
      try {
        const added = await tx.transactional((attempt) => insertArchivedRows(attempt, checked.columns, batch));
        total += added.inserted;
        if (added.maxSeq !== null && BigInt(added.maxSeq) > maxSeq) maxSeq = BigInt(added.maxSeq);
      } catch (error) {
        throw await locateFailure(tx, checked.columns, batch, error);
      }
      batch = [];
    };
    for await (const record of readArchiveRecords(file)) {
      if (record.line === 1) continue;
      batch.push(record);
      if (batch.length === BATCH_ROWS) await flush();
    }
    if (batch.length > 0) await flush();
    // Into an emptier database (a rebuilt one): new rows must still sort after the restored ones.
    await scopedSql(
      tx,
      `select setval(sequence, :maxSeq::bigint) from (select pg_get_serial_sequence('messages', 'seq')::regclass as sequence) as s
        where :maxSeq::bigint > coalesce(pg_sequence_last_value(sequence), 0)`,
      { maxSeq: String(maxSeq) },
    );
    return total;
  });
  return { rows: checked.rows, inserted, months: checked.months, createdPartitions };
}
