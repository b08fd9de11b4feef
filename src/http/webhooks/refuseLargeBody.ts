import type { Context } from 'hono';
import { errorResponse } from '../httpErrors';

/** Bodies up to this many times the limit are read before the refusal; larger ones are cut off. */
const READ_BEFORE_REFUSING = 8;

/**
 * Answers 413 for a webhook body over `maxBytes`. A body declared at most a few times the limit is
 * read (and dropped) first, so a provider still uploading it reads the 413 instead of meeting a
 * connection closed under it; a larger one is refused without reading.
 */
export async function refuseLargeBody(c: Context, maxBytes: number): Promise<Response> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared <= READ_BEFORE_REFUSING * maxBytes) await c.req.raw.arrayBuffer().catch(() => undefined);
  return errorResponse(c, 413, 'body_too_large', `The body exceeds ${maxBytes} bytes`);
}
