import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { badgeNameSql } from './badgeNameSql';

/**
 * Gives the worker the organization's badge with this key, once: inserts the worker's row only
 * (the badge itself was created when its flow was stored, so no shared row is written or locked).
 * Returns the badge's name in the worker's `language` when they got it now (to announce it: the
 * flow's own name for it, else the catalog's), null when they had it.
 */
export async function awardBadge(em: EntityManager, workerId: string, key: string, name: string | null, language: string, at: number): Promise<string | null> {
  const [awarded] = await scopedSql<{ name: string }>(
    em,
    `insert into worker_badges (worker_id, badge_id, organization_id, awarded_at)
     select :worker, b.id, :organization_id, :at from badges b where b.organization_id = :organization_id and b.key = :key
     on conflict do nothing
     returning (select ${badgeNameSql('b', 'language')} from badges b where b.id = badge_id) as name`,
    { worker: workerId, key, language, at: new Date(at) },
  );
  return awarded ? (name ?? awarded.name) : null;
}
