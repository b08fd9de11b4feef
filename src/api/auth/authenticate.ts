import type { MiddlewareHandler } from 'hono';
import type { UserRole } from '../../db/entities/User';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../db/tenancy/scopes';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { hashApiKey, looksLikeApiKey } from './apiKeyFormat';
import { readsFor } from '../../db/openReadReplica';
import { refuseSuspended } from './refuseSuspended';

interface KeyRow {
  id: string;
  organization_id: string;
  role: UserRole;
  created_by: string | null;
  last_used_at: Date | null;
  suspended_at: Date | null;
}

/** last_used_at is written at most this often per key (ms), not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <key>` to the caller ({organizationId, role, userId?}) and gives
 * the route an EntityManager scoped to the caller's organization. A missing, unknown or revoked
 * key answers 401; a key of a suspended organization 403.
 */
export function authenticate(deps: ApiDependencies): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return errorResponse(c, 401, 'unauthenticated', 'Send an API key as `Authorization: Bearer <key>`; an org admin creates keys under /v1/api-keys');
    if (!looksLikeApiKey(token)) return errorResponse(c, 401, 'invalid_api_key', 'This API key is not valid: check it was copied whole');
    const system = asSystem(deps.engine.orm.em, 'authenticate an API key');
    const [key] = await scopedSql<KeyRow>(
      system,
      `select k.id, k.organization_id, k.role, k.created_by, k.last_used_at, o.suspended_at from api_keys k join organizations o on o.id = k.organization_id
        where k.key_hash = :hash and k.revoked_at is null`,
      { hash: hashApiKey(token) },
    );
    if (!key) return errorResponse(c, 401, 'invalid_api_key', 'This API key is unknown or revoked: ask an org admin for a new one');
    if (key.suspended_at) return refuseSuspended(c, key.suspended_at);
    const now = deps.engine.clock.now();
    if (!key.last_used_at || now - new Date(key.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await scopedSql(system, `update api_keys set last_used_at = :now where id = :id`, { now: new Date(now), id: key.id });
    }
    c.set('caller', { organizationId: key.organization_id, role: key.role, userId: key.created_by ?? undefined, apiKeyId: key.id });
    c.set('em', forOrganization(deps.engine.orm.em, key.organization_id));
    c.set('reads', readsFor(deps.engine.orm, deps.engine.reads, key.organization_id));
    await next();
  };
}
