import { createReadStream } from 'node:fs';
import { ArchiveLineError } from './restoreRefused';

/** A record of an archive CSV: the line it starts on (1 is the header) and its cells, null for an empty unquoted one. */
export interface ArchiveRecord {
  line: number;
  cells: (string | null)[];
}

/**
 * Streams the records of an archive written by `exportOrganizationRows` (RFC 4180, the header
 * first), telling a null (an empty cell) from an empty text (`""`) as `COPY … CSV` does. Read by
 * hand: csv-parse's per-cell hook that tells them apart made reading eight times slower. A record of
 * another length than the header, a stray or unclosed quote, is an `ArchiveLineError`.
 */
export async function* readArchiveRecords(file: string): AsyncGenerator<ArchiveRecord, void> {
  let header: (string | null)[] | undefined;
  let cells: (string | null)[] = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let quoteInQuotes = false;
  let line = 1;
  let recordLine = 1;
  let started = false;
  const fail = (problem: string) => new ArchiveLineError(line, header?.[cells.length] ?? undefined, problem);
  const endCell = () => {
    cells.push(quoted || cell !== '' ? cell : null);
    [cell, quoted] = ['', false];
  };
  const endRecord = (): ArchiveRecord => {
    endCell();
    header ??= cells;
    if (cells.length !== header.length) throw new ArchiveLineError(recordLine, undefined, `${cells.length} cells where the header has ${header.length}`);
    const record = { line: recordLine, cells };
    cells = [];
    return record;
  };
  for await (const chunk of createReadStream(file, { encoding: 'utf8' }) as AsyncIterable<string>) {
    const text = started || !chunk.startsWith('\uFEFF') ? chunk : chunk.slice(1);
    started = true;
    for (let at = 0; at < text.length; at++) {
      const char = text[at];
      if (inQuotes) {
        if (quoteInQuotes) {
          quoteInQuotes = false;
          if (char === '"') {
            cell += '"';
            continue;
          }
          inQuotes = false;
        } else {
          if (char === '"') quoteInQuotes = true;
          else cell += char;
          if (char === '\n') line += 1;
          continue;
        }
      }
      if (char === ',') endCell();
      else if (char === '\n') {
        yield endRecord();
        line += 1;
        recordLine = line;
      } else if (char === '\r') continue;
      else if (char === '"' && !quoted && cell === '') [inQuotes, quoted] = [true, true];
      else if (quoted) throw fail(`${JSON.stringify(char)} after the closing quote`);
      else if (char === '"') throw fail('a quote inside an unquoted cell');
      else cell += char;
    }
  }
  if (inQuotes && !quoteInQuotes) throw new ArchiveLineError(recordLine, header?.[cells.length] ?? undefined, 'a quote opened here is never closed');
  if (cells.length > 0 || cell !== '' || quoted) yield endRecord();
}
