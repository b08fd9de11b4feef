import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { seatsUsedSql } from './seatsUsedSql';

/** An enrollment the licence of a marketplace blueprint does not allow: 409 naming the licence and its limit. */
export class LicenceLimitError extends Error {
  constructor(
    readonly code: 'licence_seats_exhausted' | 'licence_expired' | 'licence_not_active',
    message: string,
    readonly licenceId: string,
  ) {
    super(message);
  }
}

/**
 * Checks, inside the enrollment's transaction and after its worker_assignments rows were written,
 * the licences of the program's marketplace blueprints: each must be active, unexpired and (per
 * seat) not above its seats, counting the workers just added. Throws LicenceLimitError, so the
 * enrollment rolls back; conversations already running are never touched. The licence rows are
 * locked first, so concurrent enrollments count each other's workers.
 */
export async function enforceLicences(em: EntityManager, programId: string, added: number, at: number): Promise<void> {
  if (added === 0) return;
  const licences = await scopedSql<{ id: string }>(
    em,
    `select c.id from marketplace_licences c
      where c.organization_id = :organization_id and c.installed_key in (
        select jb.key from program_blueprints pb join journey_blueprints jb on jb.id = pb.journey_blueprint_id
         where pb.organization_id = :organization_id and pb.program_id = :program)
      order by c.id for no key update`,
    { program: programId },
  );
  if (licences.length === 0) return;
  const rows = await scopedSql<{ id: string; listing_title: string; status: string; seats: number | null; expires_at: Date | null; seats_used: number }>(
    em,
    `select c.id, c.listing_title, c.status, c.seats, c.expires_at, ${seatsUsedSql} as seats_used
       from marketplace_licences c where c.organization_id = :organization_id and c.id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`,
    { ids: JSON.stringify(licences.map((l) => l.id)) },
  );
  for (const row of rows) {
    const name = `licence ${row.id} ("${row.listing_title}")`;
    if (row.status !== 'active') throw new LicenceLimitError('licence_not_active', `${name} is ${row.status}: enrolling in a program that plays it needs an active licence`, row.id);
    if (row.expires_at && new Date(row.expires_at).getTime() <= at) {
      throw new LicenceLimitError('licence_expired', `${name} expired on ${new Date(row.expires_at).toISOString()}: no worker can be enrolled; running conversations finish. Ask the expert organization to renew it`, row.id);
    }
    if (row.seats !== null && row.seats_used > row.seats) {
      throw new LicenceLimitError(
        'licence_seats_exhausted',
        `${name} allows ${row.seats} seats; ${row.seats_used - added} are used and this enrollment adds ${added}: ask the expert organization for more seats`,
        row.id,
      );
    }
  }
}
