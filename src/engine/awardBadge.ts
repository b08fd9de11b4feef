import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Gives the worker the organization's badge with this key (created on first use), once.
 * Returns the badge's name when the worker got it now (to announce it), null when they had it.
 */
export async function awardBadge(em: EntityManager, workerId: string, key: string, name: string | null, at: number): Promise<string | null> {
  const [awarded] = await scopedSql<{ name: string }>(
    em,
    `with badge as (
       insert into badges (organization_id, key, name) values (:organization_id, :key, :name)
       on conflict (organization_id, key) do update set key = excluded.key
       returning id, name)
     insert into worker_badges (worker_id, badge_id, organization_id, awarded_at)
     select :worker, badge.id, :organization_id, :at from badge
     on conflict do nothing
     returning (select name from badge)`,
    { worker: workerId, key, name: name ?? key, at: new Date(at) },
  );
  return awarded ? (name ?? awarded.name) : null;
}
