import type { z } from 'zod';
import { summarizeIssues } from '../text/summarizeIssues';

/**
 * Parses raw SQL rows with the row's zod schema instead of casting them: a row of another shape
 * (a column renamed, a null where none belongs) is refused with what it is and which column,
 * never half-used. `what` names the rows in the message, e.g. "claimed timer".
 */
export function parseRows<Schema extends z.ZodType>(schema: Schema, rows: readonly unknown[], what: string): z.infer<Schema>[] {
  return rows.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (parsed.success) return parsed.data;
    const id = row && typeof row === 'object' && 'id' in row ? ` ${String(row.id)}` : ` #${index + 1}`;
    throw new Error(`Unreadable ${what}${id}: ${summarizeIssues(parsed.error)}`);
  });
}
