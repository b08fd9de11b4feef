import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Ends the grace period of a channel's rotated-out signing secrets now (a leaked secret that was
 * just replaced): webhooks signed with them are refused from here on. `updated_at` always moves
 * (even within the same millisecond as the rotation), so every instance's registry reloads the channel. Answers whether one or more were revoked.
 */
export async function revokeRetiredSecrets(em: EntityManager, channelId: string, now: Date): Promise<boolean> {
  const revoked = await scopedSql(
    em,
    `update channels set retired_secrets_ciphertext = null, updated_at = greatest(:now, updated_at + interval '1 millisecond')
      where organization_id = :organization_id and id = :id and retired_secrets_ciphertext is not null returning id`,
    { id: channelId, now },
  );
  return revoked.length > 0;
}
