/** The largest PostgreSQL bigint: a message's `seq` or a webhook delivery's id never passes it. */
const largestBigint = 9_223_372_036_854_775_807n;

/** Whether a page cursor or an id from a request is a bigint PostgreSQL can compare (a message's `seq`, a delivery's id: digits, within bigint). */
export function isSequenceCursor(text: string | undefined): text is string {
  return text !== undefined && /^\d{1,19}$/.test(text) && BigInt(text) <= largestBigint;
}
