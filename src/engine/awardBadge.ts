import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Gives the worker the organization's badge with this key (created on first use), once. */
export async function awardBadge(em: EntityManager, workerId: string, key: string, name: string | null, at: number): Promise<void> {
  await scopedSql(
    em,
    `with badge as (
       insert into badges (organization_id, key, name) values (:organization_id, :key, :name)
       on conflict (organization_id, key) do update set key = excluded.key
       returning id)
     insert into worker_badges (worker_id, badge_id, organization_id, awarded_at)
     select :worker, badge.id, :organization_id, :at from badge
     on conflict do nothing`,
    { worker: workerId, key, name: name ?? key, at: new Date(at) },
  );
}
