/**
 * The seats a licence `c` uses, as a SQL expression: the workers (not dropped) enrolled in a
 * program of its organization that plays the installed blueprint key.
 */
export const seatsUsedSql = `(select count(distinct wa.worker_id)::int from journey_blueprints jb
    join program_blueprints pb on pb.journey_blueprint_id = jb.id
    join worker_assignments wa on wa.program_id = pb.program_id and wa.status <> 'dropped'
   where jb.organization_id = c.organization_id and jb.key = c.installed_key)`;

/** The share of seats at which the client's admins are warned. */
export const SEAT_WARNING_SHARE = 0.8;
/** How long before expiry the client's admins are warned, ms (14 days). */
export const EXPIRY_WARNING_MS = 14 * 86_400_000;

/** The warnings a licence deserves now: seats nearly used, expiry near or past. */
export function licenceWarnings(licence: { seats: number | null; seatsUsed: number; expiresAt: Date | null }, at: number): string[] {
  const warnings: string[] = [];
  if (licence.seats !== null && licence.seatsUsed >= licence.seats * SEAT_WARNING_SHARE) {
    warnings.push(`${licence.seatsUsed} of ${licence.seats} seats used${licence.seatsUsed >= licence.seats ? ': enrolling more workers is refused' : ''}`);
  }
  if (licence.expiresAt) {
    const left = licence.expiresAt.getTime() - at;
    if (left <= 0) warnings.push(`expired on ${licence.expiresAt.toISOString().slice(0, 10)}: new enrollments are refused, running conversations finish`);
    else if (left <= EXPIRY_WARNING_MS) warnings.push(`expires on ${licence.expiresAt.toISOString().slice(0, 10)} (in ${Math.ceil(left / 86_400_000)} days)`);
  }
  return warnings;
}
