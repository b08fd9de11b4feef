import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { ArchiveLineError } from './restoreRefused';

/** A record of an archive CSV: the line it starts on (1 is the header) and its cells, null for an empty unquoted one. */
export interface ArchiveRecord {
  line: number;
  cells: (string | null)[];
}

/**
 * Streams the records of an archive written by `exportOrganizationRows` (the header first), telling
 * a null (an empty cell) from an empty text (`""`) as `COPY … CSV` does. A record of another length
 * than the header, or a broken quote, is an `ArchiveLineError`.
 */
export async function* readArchiveRecords(file: string): AsyncGenerator<ArchiveRecord, void> {
  const source = createReadStream(file);
  const parser = source.pipe(parse({ bom: true, raw: true, relax_column_count: true, cast: (value, context) => (context.quoting || value !== '' ? value : null) }));
  // A pipe does not pass the file's errors on (a missing file): the loop below gets them this way.
  source.on('error', (error) => parser.destroy(error));
  let line = 1;
  let width: number | undefined;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: (string | null)[]; raw: string }>) {
      width ??= record.length;
      if (record.length !== width) throw new ArchiveLineError(line, undefined, `${record.length} cells where the header has ${width}`);
      yield { line, cells: record };
      line += raw.split('\n').length;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ArchiveLineError(Number(error.lines ?? line), undefined, error.message);
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}
