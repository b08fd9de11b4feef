import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

export interface ClaimChannelLeaseInput {
  channelId: string;
  /** This instance's unique name (e.g. `host:pid:random`). */
  holder: string;
  /** Epoch milliseconds from the injected clock. */
  now: number;
  /** How long the lease lasts without a heartbeat, milliseconds. */
  ttlMs: number;
}

export type ClaimChannelLeaseResult =
  | { held: true; /** Grows on every change of holder (and when a holder comes back after its lease ran out). */ epoch: number }
  | { held: false; holder: string; expiresAt: number };

/**
 * Takes or renews the channel's socket lease in one statement: granted when nobody holds it, when
 * this instance holds it, or when the holder's lease has run out (it died or lost the database).
 * The row lock of `on conflict do update` makes two claimants race safely: exactly one wins.
 * The epoch stays the same on a renewal in time and grows otherwise, so a holder that sees a new
 * epoch knows someone may have held the channel in between.
 * @param em an organization scope (the channel's organization).
 */
export async function claimChannelLease(em: EntityManager, input: ClaimChannelLeaseInput): Promise<ClaimChannelLeaseResult> {
  const now = new Date(input.now);
  const rows = await scopedSql<{ epoch: string }>(
    em,
    `insert into baileys_leases (channel_id, organization_id, holder, epoch, expires_at, renewed_at)
     values (:channel_id, :organization_id, :holder, 1, :expires_at, :now)
     on conflict (channel_id) do update set
       holder = excluded.holder,
       epoch = case when baileys_leases.holder = excluded.holder and baileys_leases.expires_at > excluded.renewed_at
                    then baileys_leases.epoch else baileys_leases.epoch + 1 end,
       expires_at = excluded.expires_at,
       renewed_at = excluded.renewed_at
     where baileys_leases.holder = excluded.holder or baileys_leases.expires_at <= excluded.renewed_at
     returning epoch`,
    { channel_id: input.channelId, holder: input.holder, expires_at: new Date(input.now + input.ttlMs), now },
  );
  if (rows.length > 0) return { held: true, epoch: Number(rows[0].epoch) };
  const [current] = await scopedSql<{ holder: string; expires_at: Date }>(
    em,
    'select holder, expires_at from baileys_leases where organization_id = :organization_id and channel_id = :channel_id',
    { channel_id: input.channelId },
  );
  return { held: false, holder: current?.holder ?? '', expiresAt: current ? new Date(current.expires_at).getTime() : 0 };
}
