import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../apiTypes';
import type { ApiAction } from '../auth/permissions';
import { requireOwned, type OwnedTable } from '../auth/requireOwned';
import { requirePermission } from '../auth/requirePermission';

/** One /v1 route as the permission matrix sees it. */
export interface CatalogEntry {
  method: string;
  /** OpenAPI path, e.g. /v1/workers/{id}. */
  path: string;
  action: ApiAction;
  /** Path parameters that name a row of the caller's organization. */
  owns: Record<string, OwnedTable>;
}

/** Every route defined with `apiRoute`, in definition order (the tests' generated matrix reads it). */
export const routeCatalog: CatalogEntry[] = [];

const errorDocs = {
  400: { description: 'Invalid request: `{"error": {"code", "message", "field"}}` names the field' },
  401: { description: 'No API key, or an unknown or revoked one' },
  403: { description: "The key's role may not perform this action" },
  404: { description: "Not found in the caller's organization (another organization's ids answer the same)" },
};

type ApiRouteInput = Omit<RouteConfig, 'middleware' | 'security'>;

/**
 * Defines a /v1 route: the permission it requires (checked first, 403), the path parameters that
 * must name rows of the caller's organization (then, 404), and its OpenAPI description. Error
 * answers are documented in words; they all share the one error shape.
 */
export function apiRoute<const R extends ApiRouteInput>(action: ApiAction, config: R, owns: Record<string, OwnedTable> = {}) {
  routeCatalog.push({ method: config.method, path: config.path, action, owns });
  const middleware: [MiddlewareHandler<ApiEnv>, MiddlewareHandler<ApiEnv>] = [requirePermission(action), requireOwned(owns)];
  return createRoute({
    ...config,
    responses: { ...errorDocs, ...config.responses },
    security: [{ apiKey: [] }],
    middleware,
  });
}
