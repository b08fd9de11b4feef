import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../db/isUniqueViolation';
import { scopedSql } from '../db/tenancy/scopedSql';
import { isPhoneNumberIdConfirmed } from './isPhoneNumberIdConfirmed';

/**
 * After a passing connection check, makes the Cloud API channel the holder of its phone number id:
 * only a confirmed channel receives the number's webhooks once there is one. Answers false when
 * another channel already holds it (first confirmed, first served). The row's `updated_at` moves
 * so that every instance's channel registry reloads the claim.
 */
export async function claimPhoneNumberId(em: EntityManager, channel: { id: string; address: string }, now: Date): Promise<boolean> {
  if (await isPhoneNumberIdConfirmed(em, channel.address, channel.id)) return false;
  try {
    await scopedSql(
      em,
      `update channels set number_confirmed_at = :now, updated_at = greatest(updated_at + interval '1 millisecond', :now)
        where organization_id = :organization_id and id = :id and number_confirmed_at is null`,
      { id: channel.id, now },
    );
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}
