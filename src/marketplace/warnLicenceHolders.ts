import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { OutgoingEmail } from '../email/createSmtpMailer';
import { scopedSql } from '../db/tenancy/scopedSql';
import { EXPIRY_WARNING_MS, SEAT_WARNING_SHARE, seatsUsedSql } from './seatsUsedSql';

interface Candidate {
  id: string; organization_id: string; listing_title: string; seats: number | null; seats_used: number; expires_at: Date | null;
  seat_warning_at: Date | null; expiry_warning_at: Date | null;
}

/**
 * The scheduler's licence job (system scope): each active licence at 80 % of its seats, or 14 days
 * from its expiry, warns the client's org admins once per condition, by email when SMTP is
 * configured (the console's licence page shows the same warnings whatever happens here). The
 * warning is recorded even without a mailer, so a later mailer does not send stale warnings.
 */
export async function warnLicenceHolders(system: EntityManager, at: number, sendEmail: ((email: OutgoingEmail) => Promise<void>) | undefined, logger: Logger) {
  const candidates = await scopedSql<Candidate>(
    system,
    `select c.id, c.organization_id, c.listing_title, c.seats, ${seatsUsedSql} as seats_used, c.expires_at, c.seat_warning_at, c.expiry_warning_at
       from marketplace_licences c where c.status = 'active' and (c.seat_warning_at is null or c.expiry_warning_at is null)`,
  );
  const warnings: { licence: Candidate; kind: 'seats' | 'expiry'; text: string }[] = [];
  for (const licence of candidates) {
    if (!licence.seat_warning_at && licence.seats !== null && licence.seats_used >= licence.seats * SEAT_WARNING_SHARE) {
      warnings.push({ licence, kind: 'seats', text: `${licence.seats_used} of the ${licence.seats} seats of "${licence.listing_title}" are used. Enrolling past ${licence.seats} workers will be refused: ask the expert organization for more seats.` });
    }
    if (!licence.expiry_warning_at && licence.expires_at && new Date(licence.expires_at).getTime() - at <= EXPIRY_WARNING_MS) {
      warnings.push({ licence, kind: 'expiry', text: `The licence of "${licence.listing_title}" expires on ${new Date(licence.expires_at).toISOString().slice(0, 10)}. After that no worker can be enrolled in programs that play it (running conversations finish): ask the expert organization to renew it.` });
    }
  }
  if (warnings.length === 0) return { warned: 0, emails: 0 };
  const admins = await scopedSql<{ organization_id: string; email: string }>(
    system,
    `select organization_id, email from users where role = 'org_admin' and organization_id in (select (jsonb_array_elements_text(:orgs::jsonb))::uuid)`,
    { orgs: JSON.stringify([...new Set(warnings.map((w) => w.licence.organization_id))]) },
  );
  let emails = 0;
  for (const warning of warnings) {
    for (const admin of admins.filter((a) => a.organization_id === warning.licence.organization_id)) {
      if (!sendEmail) continue;
      await sendEmail({ to: admin.email, subject: `Licence warning: ${warning.licence.listing_title}`, text: warning.text });
      emails++;
    }
  }
  if (!sendEmail) logger.warn({ warnings: warnings.length }, 'licence warnings shown in the console only: SMTP_URL is not set');
  await scopedSql(
    system,
    `update marketplace_licences set seat_warning_at = case when id in (select (jsonb_array_elements_text(:seats::jsonb))::uuid) then :at::timestamptz else seat_warning_at end,
            expiry_warning_at = case when id in (select (jsonb_array_elements_text(:expiry::jsonb))::uuid) then :at::timestamptz else expiry_warning_at end
      where id in (select (jsonb_array_elements_text(:all::jsonb))::uuid)`,
    {
      seats: JSON.stringify(warnings.filter((w) => w.kind === 'seats').map((w) => w.licence.id)),
      expiry: JSON.stringify(warnings.filter((w) => w.kind === 'expiry').map((w) => w.licence.id)),
      all: JSON.stringify(warnings.map((w) => w.licence.id)),
      at: new Date(at),
    },
  );
  return { warned: warnings.length, emails };
}
