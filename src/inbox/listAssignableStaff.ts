import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** The organization's staff users by name (display name, else email): whom an inbox item can be assigned to. */
export async function listAssignableStaff(em: EntityManager): Promise<{ id: string; name: string }[]> {
  return scopedSql<{ id: string; name: string }>(em, `select id, coalesce(display_name, email) as name from users where organization_id = :organization_id order by 2 limit 500`);
}
