// From @hono/zod-openapi: the routes describe these schemas with `.openapi()`, which its import adds to zod's (the bundle may load this file first).
import { z } from '@hono/zod-openapi';

/**
 * ISO 8601 allows year 0000 and an offset can push a time into year 0 or 10000 (UTC); PostgreSQL
 * has no year 0, and a Date outside 0001–9999 is sent as text it cannot read. A malformed text
 * passes here: the format check names it.
 */
function inStorableYears(text: string): boolean {
  const year = new Date(text).getUTCFullYear();
  return Number.isNaN(year) || (year >= 1 && year <= 9999);
}
const outOfYears = 'must fall in the years 0001 to 9999 (UTC)';

/** A day, `YYYY-MM-DD`, that PostgreSQL can store. */
export const storableDate = z.iso.date().refine(inStorableYears, outOfYears);

/** An ISO 8601 time with a `Z` or an offset that PostgreSQL can store. */
export const storableInstant = z.iso.datetime({ offset: true }).refine(inStorableYears, outOfYears);
