import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { MarketRefusal } from './licenceTerms';

/** The expert's answer to a request; a grant may change the seats or days the listing offers. */
export type LicenceDecision = { decision: 'grant'; seats?: number; days?: number } | { decision: 'refuse' };

/**
 * The expert organization (the scope) grants or refuses a requested licence of one of its
 * listings. A time-limited licence runs from the grant for the listing's days (or those given).
 */
export async function decideLicence(em: EntityManager, licenceId: string, answer: LicenceDecision, at: number): Promise<{ id: string; status: string } | MarketRefusal> {
  const [current] = await scopedSql<{ status: string }>(
    em,
    'select status from marketplace_licences where expert_organization_id = :organization_id and id = :id',
    { id: licenceId },
  );
  if (!current) return { status: 404, code: 'licence_not_found', message: `No licence of your listings has the id ${licenceId}`, field: 'licenceId' };
  if (current.status !== 'requested') return { status: 409, code: 'licence_not_requested', message: `Licence ${licenceId} is ${current.status}: only a requested licence is granted or refused` };
  const granted = answer.decision === 'grant';
  const [row] = await scopedSql<{ id: string; status: string }>(
    em,
    `update marketplace_licences c set status = :status, granted_at = case when :granted then :at::timestamptz end,
            seats = case when c.kind = 'seats' then coalesce(:seats::int, c.seats) end,
            expires_at = case when :granted and c.kind = 'time'
              then :at::timestamptz + make_interval(days => coalesce(:days::int, (select (l.terms->>'days')::int from marketplace_listings l where l.id = c.listing_id))) end
      where c.expert_organization_id = :organization_id and c.id = :id and c.status = 'requested' returning c.id, c.status`,
    {
      id: licenceId, status: granted ? 'active' : 'refused', granted, at: new Date(at),
      seats: granted ? (answer.seats ?? null) : null, days: granted ? (answer.days ?? null) : null,
    },
  );
  if (!row) return { status: 409, code: 'licence_not_requested', message: `Licence ${licenceId} was answered meanwhile` };
  return row;
}
