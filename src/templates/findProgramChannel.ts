import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * The channel a program's messages go out on, for checking its templates: the organization's
 * default channel (`settings.defaultChannelId`), else its oldest active channel.
 */
export async function findProgramChannel(em: EntityManager): Promise<string | undefined> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `select c.id from channels c join organizations o on o.id = c.organization_id
      where c.organization_id = :organization_id and c.status = 'active'
      order by (c.id::text = o.settings->>'defaultChannelId') desc, c.created_at, c.id limit 1`,
  );
  return row?.id;
}
