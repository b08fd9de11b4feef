import type { Context } from 'hono';
import { errorResponse } from '../../http/httpErrors';

/** The answer to any request of a suspended organization (an API key or a signed broadcast webhook): 403, saying since when. */
export function refuseSuspended(c: Context, suspendedAt: Date | string) {
  return errorResponse(c, 403, 'organization_suspended', `Your organization was suspended on ${new Date(suspendedAt).toISOString()} by a platform operator: nothing can be read or changed until they lift it`);
}
