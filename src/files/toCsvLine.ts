/** Characters a spreadsheet may start a formula with (OWASP, CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;
/** A formula start after a separator a spreadsheet may split on (`,` `;` tab `|`), past spaces or a quote. */
const formulaAfterSeparator = /[,;\t|][\s"']*[=+\-@]/;
/** Characters that make a cell quoted, so that no separator of any locale splits it. */
const needsQuotes = /[",;\t|\r\n]/;

/**
 * A CSV cell; unless `exact`, neutralized as OWASP recommends against CSV injection: text that starts with = + - @
 * (tab, CR), or that could be split at a separator into a part that does, is prefixed with `'` so
 * that spreadsheets read it as text; text holding a quote or any separator is quoted (RFC 4180).
 */
function cell(value: unknown, exact: boolean): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (exact && text === '') return '""';
  if (!exact && typeof value === 'string' && (formulaStart.test(text) || formulaAfterSeparator.test(text))) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV line (RFC 4180, CRLF). `exact: true` is for files a program reads back (the history
 * archive, PostgreSQL's `COPY … CSV`): text kept as stored, an empty text quoted so that only a
 * null is an empty cell.
 */
export function toCsvLine(values: unknown[], { exact = false } = {}): string {
  return `${values.map((value) => cell(value, exact)).join(',')}\r\n`;
}
