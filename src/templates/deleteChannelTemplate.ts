import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { markTemplatesChanged } from './markTemplatesChanged';

/** Deletes one template of a channel (a Twilio template entered by hand); false when there was none. */
export async function deleteChannelTemplate(em: EntityManager, channelId: string, templateId: string, at: Date): Promise<boolean> {
  return em.transactional(async (tx) => {
    const deleted = await scopedSql(tx, `delete from channel_templates where organization_id = :organization_id and channel_id = :channelId and id = :templateId returning id`, { channelId, templateId });
    if (deleted.length > 0) await markTemplatesChanged(tx, channelId, at);
    return deleted.length > 0;
  });
}
