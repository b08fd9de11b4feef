import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * The channel a program's messages go out on, for checking its templates: the program's own
 * channel (`programs.channel_id`), else the organization's default channel
 * (`settings.defaultChannelId`), else its oldest active channel.
 */
export async function findProgramChannel(em: EntityManager, programId: string): Promise<string | undefined> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `select c.id from channels c
       join organizations o on o.id = c.organization_id
       left join programs p on p.organization_id = :organization_id and p.id = :programId
      where c.organization_id = :organization_id and c.status = 'active'
      order by (c.id = p.channel_id) is true desc, (c.id::text = o.settings->>'defaultChannelId') is true desc, c.created_at, c.id
      limit 1`,
    { programId },
  );
  return row?.id;
}
