import type { Context } from 'hono';
import { errorResponse } from '../http/httpErrors';
import type { ApiEnv } from './apiTypes';
import { isOwned, ownedTables, type OwnedTable } from './auth/requireOwned';

/**
 * Refuses (400 `unknown_<noun>` naming the parameter) a query filter that names no row of the
 * caller's organization, as the exports and analytics filters are refused: another organization's
 * id reads exactly as a missing one, never as an empty list. Answers undefined when every given
 * filter names a row of the organization (absent filters are not checked).
 */
export async function refuseUnknownFilterIds(c: Context<ApiEnv>, query: Record<string, unknown>, filters: Record<string, OwnedTable>): Promise<Response | undefined> {
  for (const [param, table] of Object.entries(filters)) {
    const id = query[param];
    if (typeof id !== 'string') continue;
    if (await isOwned(c.get('em'), table, id)) continue;
    const noun = ownedTables[table];
    return errorResponse(c, 400, `unknown_${noun.replace(' ', '_')}`, `${param}: no ${noun} of your organization has the id ${id}`, param);
  }
  return undefined;
}
