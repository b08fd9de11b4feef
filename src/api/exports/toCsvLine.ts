/** A CSV cell: quoted when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (RFC 4180, CRLF). */
export function toCsvLine(values: unknown[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}
