import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { inboxCauseLabels, type InboxCause } from './inboxCauses';

/** Items told per run, oldest first. */
const BATCH_ITEMS = 1_000;

interface Untold {
  id: string;
  organization_id: string;
  worker_name: string;
  cause: InboxCause;
  reason: string;
  assigned_user_id: string | null;
}

/** An email as the SMTP mailer takes it. */
export type SendEmail = (email: { to: string; subject: string; text: string }) => Promise<void>;

/**
 * Tells coaches of the inbox items raised since the last run, batched: one email per staff member
 * listing their new items (an assigned item goes to its assignee; others to every coach of the
 * organization, or its admins when it has no coach). Items are claimed first (SKIP LOCKED, so two
 * instances tell each once) and released again when the mail relay refuses, to be told next run.
 * Pass a system-scoped EntityManager. `inboxUrl` is the console's inbox page.
 */
export async function notifyCoaches(systemEm: EntityManager, sendEmail: SendEmail, inboxUrl: string, at: number): Promise<{ items: number; emails: number }> {
  const untold = await systemEm.transactional((tx) =>
    scopedSql<Untold>(
      tx,
      `with claimed as (
         select id from coach_inbox_items where notified_at is null order by raised_at limit :limit for update skip locked)
       update coach_inbox_items i set notified_at = :at from claimed, workers w
        where i.id = claimed.id and w.id = i.worker_id
       returning i.id, i.organization_id, w.full_name as worker_name, i.cause, i.reason, i.assigned_user_id`,
      { limit: BATCH_ITEMS, at: new Date(at) },
    ),
  );
  if (untold.length === 0) return { items: 0, emails: 0 };
  const staff = await scopedSql<{ id: string; organization_id: string; email: string; role: string }>(
    systemEm,
    `select id, organization_id, email, role from users
      where organization_id in (select (jsonb_array_elements_text(:orgs::jsonb))::uuid) and role in ('coach', 'org_admin')
      order by email`,
    { orgs: JSON.stringify([...new Set(untold.map((item) => item.organization_id))]) },
  );
  const mail = new Map<string, Untold[]>();
  for (const item of untold) {
    const ofOrg = staff.filter((user) => user.organization_id === item.organization_id);
    const coaches = ofOrg.filter((user) => user.role === 'coach');
    const assignee = ofOrg.filter((user) => user.id === item.assigned_user_id);
    for (const user of assignee.length > 0 ? assignee : coaches.length > 0 ? coaches : ofOrg) mail.set(user.email, [...(mail.get(user.email) ?? []), item]);
  }
  let emails = 0;
  const failed = new Set<string>();
  for (const [to, items] of mail) {
    const lines = items.map((item) => `- ${item.worker_name}: ${inboxCauseLabels[item.cause]}. ${item.reason}`);
    const text = [`${items.length} conversation${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} a person:`, '', ...lines, '', `Open the inbox: ${inboxUrl}`].join('\n');
    try {
      await sendEmail({ to, subject: `Coach inbox: ${items.length} new item${items.length === 1 ? '' : 's'}`, text });
      emails++;
    } catch {
      for (const item of items) failed.add(item.id);
    }
  }
  if (failed.size > 0) {
    await scopedSql(systemEm, `update coach_inbox_items set notified_at = null where id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`, { ids: JSON.stringify([...failed]) });
  }
  return { items: untold.length, emails };
}
