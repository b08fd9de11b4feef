import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { BroadcastRequestData } from './broadcastInput';
import { broadcastTargetSql } from './broadcastTargetSql';
import { recipientChannelSql } from './recipientChannelSql';

/**
 * Every channel a broadcast's copies would go out on (`recipientChannelSql` over its active
 * recipients), the picked channel first: a template is checked on each before it is accepted.
 */
export async function listRecipientChannels(em: EntityManager, request: BroadcastRequestData, channel: string): Promise<string[]> {
  if (request.channelId) return [channel];
  const target = broadcastTargetSql(request.target);
  const rows = await scopedSql<{ channel_id: string }>(
    em,
    `select distinct ${recipientChannelSql(false)} as channel_id
       from workers w where w.organization_id = :organization_id and w.status = 'active' and ${target.sql}`,
    { ...target.params, channel },
  );
  return [channel, ...rows.map((row) => row.channel_id).filter((id) => id !== channel)];
}
