import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { findChannelUsers, type ChannelUsers } from './findChannelUsers';

export type DeleteChannelResult = { ok: true; failedQueued: number } | { ok: false; users: ChannelUsers; message: string };

function describeUsers(users: ChannelUsers): string {
  const parts: string[] = [];
  if (users.programs.length > 0) parts.push(`program${users.programs.length > 1 ? 's' : ''} ${users.programs.map((p) => `'${p.name}'`).join(', ')}`);
  if (users.broadcasts.length > 0) parts.push(`${users.broadcasts.length} scheduled broadcast${users.broadcasts.length > 1 ? 's' : ''}`);
  return parts.join(' and ');
}

/**
 * Deletes a channel unless a running program or a scheduled broadcast still uses it (`force`
 * deletes anyway). The row stays as `deleted` so its message history is kept: its secrets are
 * dropped, its address freed for a new channel, and its queued messages fail as `channel_deleted`;
 * the organization's default channel, when it was this one, is cleared.
 */
export async function deleteChannel(em: EntityManager, channelId: string, options: { force: boolean; now: Date }): Promise<DeleteChannelResult> {
  if (!options.force) {
    const users = await findChannelUsers(em, channelId);
    if (users.programs.length > 0 || users.broadcasts.length > 0) {
      return { ok: false, users, message: `The channel is still used by ${describeUsers(users)}: move them to another channel, or delete with ?force=true` };
    }
  }
  const failed = await scopedSql<{ id: string }>(
    em,
    `update messages set status = 'failed', failed_at = :now, error_code = 'channel_deleted', error_reason = 'the channel was deleted'
      where organization_id = :organization_id and channel_id = :channel and status in ('queued', 'held') returning id`,
    { channel: channelId, now: options.now },
  );
  await scopedSql(em, `delete from channel_secret_hints where organization_id = :organization_id and channel_id = :channel`, { channel: channelId });
  await scopedSql(
    em,
    `update channels set status = 'deleted', secrets_ciphertext = null, retired_secrets_ciphertext = null, address = 'deleted:' || id::text,
            settings = settings || jsonb_build_object('deletedAddress', address), updated_at = :now
      where organization_id = :organization_id and id = :channel`,
    { channel: channelId, now: options.now },
  );
  await scopedSql(
    em,
    `update organizations set settings = settings - 'defaultChannelId', updated_at = :now
      where id = :organization_id and settings->>'defaultChannelId' = cast(:channel as text)`,
    { channel: channelId, now: options.now },
  );
  return { ok: true, failedQueued: failed.length };
}
