import type { MiddlewareHandler } from 'hono';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { isAllowed, type ApiAction } from './permissions';

/** Answers 403 unless the caller's role may perform the action (see permissionTable). */
export function requirePermission(action: ApiAction): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { role } = c.get('caller');
    if (!isAllowed(role, action)) {
      return errorResponse(c, 403, 'forbidden', `The role ${role} may not ${action.replace(':', ' ')}: use a key with a role that may (see the permission table)`);
    }
    await next();
  };
}
