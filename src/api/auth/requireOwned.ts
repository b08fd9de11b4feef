import type { EntityManager } from '@mikro-orm/postgresql';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';

/** Tables whose rows a path parameter may name; each has `id` and `organization_id`. */
export const ownedTables = {
  workers: 'worker',
  segments: 'segment',
  programs: 'program',
  broadcasts: 'broadcast',
  api_keys: 'API key',
  users: 'user',
  journey_blueprints: 'blueprint',
  channels: 'channel',
  channel_templates: 'template',
  experiments: 'experiment',
  webhook_endpoints: 'webhook endpoint',
  gamification_challenges: 'challenge',
  marketplace_listings: 'listing',
  marketplace_licences: 'licence',
  coach_inbox_items: 'inbox item',
  content: 'content item',
} as const;
export type OwnedTable = keyof typeof ownedTables;

const uuid = z.uuid();

/** Whether `id` names a row of `table` in the EntityManager's organization. */
export async function isOwned(em: EntityManager, table: OwnedTable, id: string): Promise<boolean> {
  const rows = await scopedSql(em, `select 1 from ${table} where organization_id = :organization_id and id = :id`, { id });
  return rows.length > 0;
}

/**
 * Answers 404 unless every named path parameter is the id of a row of the caller's organization,
 * before the body is even validated: another organization's ids look exactly like missing ones.
 */
export function requireOwned(owns: Record<string, OwnedTable>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    for (const [param, table] of Object.entries(owns)) {
      const id = c.req.param(param) ?? '';
      const noun = ownedTables[table];
      const missing = () => errorResponse(c, 404, `${noun.replace(' ', '_').toLowerCase()}_not_found`, `No ${noun} has the id ${id} in your organization`, param);
      if (!uuid.safeParse(id).success || !(await isOwned(c.get('em'), table, id))) return missing();
    }
    await next();
  };
}
