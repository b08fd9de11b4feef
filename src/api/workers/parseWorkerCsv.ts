import { CsvError, parse } from 'csv-parse/sync';
import { RESERVED_ATTRIBUTE_NAME, reservedAttributeMessage } from './reservedAttributeName';

/** One data row of an import, with the line it came from (1-based; a CSV header is line 1). */
export interface ImportRow {
  line: number;
  record: Record<string, unknown>;
}

/** Header names (lower case, without spaces, `_` and `-`) of the worker fields; a Map, so that `constructor` is no field. */
const columnNames = new Map([
  ['fullname', 'fullName'],
  ['name', 'fullName'],
  ['phonenumber', 'phoneNumber'],
  ['phone', 'phoneNumber'],
  ['language', 'language'],
  ['lang', 'language'],
  ['timezone', 'timezone'],
  ['tz', 'timezone'],
]);

/** A CSV cell as an attribute value: plain integers and decimals become numbers, true/false booleans, the rest text. */
function attributeValue(cell: string): string | number | boolean {
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(cell)) return Number(cell);
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return cell;
}

/**
 * Reads a workers CSV (header row; comma, quotes, BOM and CRLF handled by csv-parse). Known
 * columns (full_name/name, phone_number/phone, language, timezone, any case) map to worker
 * fields; every other column is an attribute (an `attributes.` prefix is dropped). Empty cells
 * are left out. Throws a CsvError with the line when the file itself is malformed.
 */
export function parseWorkerCsv(text: string): ImportRow[] {
  const records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  if (records.length === 0) return [];
  const [header, ...data] = records;
  const fields = header.record.map((name) => {
    const plain = name.replace(/^attributes?\./i, '');
    const known = columnNames.get(name.toLowerCase().replace(/[\s_-]/g, ''));
    return known ? { field: known, attribute: false } : { field: plain, attribute: true };
  });
  const reserved = fields.findIndex((column) => column.attribute && column.field === RESERVED_ATTRIBUTE_NAME);
  if (reserved >= 0) {
    const field = `attributes.${RESERVED_ATTRIBUTE_NAME}`;
    throw Object.assign(new CsvError('CSV_INVALID_COLUMN_DEFINITION', `column ${reserved + 1} ('${header.record[reserved]}') of the header, ${field}: ${reservedAttributeMessage}`), { field });
  }
  // Two columns of one field would leave the row's value to the last of them, unseen.
  const firstColumn = new Map<string, number>();
  for (const [index, column] of fields.entries()) {
    const what = column.attribute ? `attribute '${column.field}'` : `worker field ${column.field}`;
    const first = firstColumn.get(what);
    if (first !== undefined) throw new CsvError('CSV_INVALID_COLUMN_DEFINITION', `columns ${first + 1} ('${header.record[first]}') and ${index + 1} ('${header.record[index]}') of the header are both the ${what}: keep one`);
    firstColumn.set(what, index);
  }
  return data.map(({ record, info }) => {
    const row: Record<string, unknown> = {};
    const attributes: Record<string, string | number | boolean> = {};
    record.forEach((cell, index) => {
      const column = fields[index];
      if (!column || cell === '') return;
      if (column.attribute) attributes[column.field] = attributeValue(cell);
      else row[column.field] = cell;
    });
    if (Object.keys(attributes).length > 0) row.attributes = attributes;
    return { line: info.lines, record: row };
  });
}

/** The field a CSV error names (a header column refused for its name), if any. */
export function csvErrorField(error: CsvError): string | undefined {
  return typeof error.field === 'string' ? error.field : undefined;
}
