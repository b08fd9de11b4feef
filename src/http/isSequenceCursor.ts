/** The largest PostgreSQL bigint: a message's `seq` never passes it. */
const largestBigint = 9_223_372_036_854_775_807n;

/** Whether a page cursor from a query is a message sequence number PostgreSQL can compare (digits, within bigint). */
export function isSequenceCursor(text: string | undefined): text is string {
  return text !== undefined && /^\d{1,19}$/.test(text) && BigInt(text) <= largestBigint;
}
