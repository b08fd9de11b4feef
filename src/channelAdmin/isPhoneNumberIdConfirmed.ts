import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';

/**
 * Whether another active Cloud API channel, of any organization, holds this phone number id by a
 * confirmed claim (its connection check passed). Read across organizations, answered as a yes or no only.
 */
export async function isPhoneNumberIdConfirmed(em: EntityManager, phoneNumberId: string, exceptChannelId: string): Promise<boolean> {
  const rows = await scopedSql(
    asSystem(em, 'check whether a Cloud API phone number id is held'),
    `select 1 from channels where kind = 'cloud_api' and status = 'active' and address = :address and number_confirmed_at is not null and id <> :channel`,
    { address: phoneNumberId, channel: exceptChannelId },
  );
  return rows.length > 0;
}
