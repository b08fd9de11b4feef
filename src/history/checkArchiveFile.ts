import type { MessageColumn } from './messageColumns';
import { readArchiveRecords, type ArchiveRecord } from './readArchiveRecords';
import { ArchiveLineError } from './restoreRefused';

/** Columns an archive must have: a row's identity, its month and its organization. */
const REQUIRED = ['id', 'created_at', 'organization_id'];

/** `2026-06-30 23:59:59.5+00` or `2026-07-01T01:00:00-05:30`: PostgreSQL's text of a timestamptz (any session time zone), or ISO 8601. */
const timestamp = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?)$/;

/** The first day (`YYYY-MM-01`, UTC) of the month of a timestamp's text; undefined if it is not one. */
function monthOf(text: string): string | undefined {
  const match = timestamp.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const sign = match[7] === '-' ? -1 : 1;
  const offsetSeconds = sign * (Number(match[8] ?? 0) * 3600 + Number(match[9] ?? 0) * 60 + Number(match[10] ?? 0));
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetSeconds * 1000);
  return Number.isNaN(at.getTime()) ? undefined : `${at.toISOString().slice(0, 7)}-01`;
}

export interface CheckedArchive {
  /** The header's columns of `messages`, in the file's order. */
  columns: MessageColumn[];
  /** Rows in the file. */
  rows: number;
  /** The months its rows belong to (`YYYY-MM-01`), sorted. */
  months: string[];
}

/**
 * Reads a whole archive before anything is restored: a header naming only columns of `messages`
 * (`known`, the one column list the export writes), each once, and at least id, created_at and
 * organization_id; every record well formed, with a timestamp in created_at and, when
 * `organizationId` is given, that organization's id. The first problem is an `ArchiveLineError`.
 */
export async function checkArchiveFile(file: string, known: MessageColumn[], organizationId: string | undefined): Promise<CheckedArchive> {
  const records = readArchiveRecords(file);
  try {
    return await checkRecords(records, known, organizationId);
  } finally {
    await records.return();
  }
}

async function checkRecords(records: AsyncGenerator<ArchiveRecord, void>, known: MessageColumn[], organizationId: string | undefined): Promise<CheckedArchive> {
  const first = await records.next();
  if (first.done) throw new ArchiveLineError(1, undefined, 'the file is empty: no header');
  const header = first.value.cells;
  const columns = header.map((name, at) => {
    const column = known.find((candidate) => candidate.name === name);
    if (!column) throw new ArchiveLineError(1, String(name), 'not a column of messages');
    if (header.indexOf(name) !== at) throw new ArchiveLineError(1, column.name, 'named twice in the header');
    return column;
  });
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new ArchiveLineError(1, undefined, `the header lacks ${missing.join(', ')}`);
  const [createdAt, organization] = [header.indexOf('created_at'), header.indexOf('organization_id')];
  let rows = 0;
  const months = new Set<string>();
  for await (const { line, cells } of records) {
    const month = monthOf(cells[createdAt] ?? '');
    if (!month) throw new ArchiveLineError(line, 'created_at', `not a timestamp: ${JSON.stringify(cells[createdAt])}`);
    if (organizationId !== undefined && cells[organization] !== organizationId) {
      throw new ArchiveLineError(line, 'organization_id', `a row of organization ${cells[organization]}, not of ${organizationId} (--organization)`);
    }
    months.add(month);
    rows += 1;
  }
  return { columns, rows, months: [...months].sort() };
}
