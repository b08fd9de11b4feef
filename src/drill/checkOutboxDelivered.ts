import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';

export interface OutboxState {
  outbound: number;
  sent: number;
  /** Messages the provider accepted (their provider id is recorded). */
  withProviderId: number;
  /** Queued or sending: not yet handed to the provider. */
  pending: number;
  failed: number;
  /** Failed because a resent message's outcome was unknown again: by design never sent a third time. */
  failedInDoubt: number;
  /** Held (outside the 24-hour window with no template, or the messaging limit). */
  held: number;
  /** Error codes of held and failed messages, e.g. `window_closed:3 in_doubt:2`. */
  problems: string;
  /** Resent after a send whose outcome was unknown (a crash mid-send). */
  markedInDoubt: number;
}

/** The outbox of an organization; `repliesOnly` keeps to replies to the workers' own messages (inside their 24-hour window). */
export async function readOutboxState(orm: MikroORM, organizationId: string, repliesOnly = false): Promise<OutboxState> {
  const [row] = await scopedSql<OutboxState>(
    forOrganization(orm.em, organizationId),
    `select count(*)::int as outbound,
            (count(*) filter (where status in ('sent', 'delivered', 'read')))::int as sent,
            (count(*) filter (where status in ('queued', 'sending')))::int as pending,
            (count(*) filter (where provider_message_id is not null))::int as "withProviderId",
            (count(*) filter (where status = 'failed'))::int as failed,
            (count(*) filter (where status = 'failed' and error_code = 'in_doubt'))::int as "failedInDoubt",
            (count(*) filter (where status = 'held'))::int as held,
            (count(*) filter (where possibly_duplicate))::int as "markedInDoubt",
            coalesce((select string_agg(code || ':' || n, ' ') from (
               select coalesce(error_code, status) as code, count(*) as n from messages
                where organization_id = :organization_id and direction = 'outbound' and status in ('held', 'failed')
                  and (not :repliesOnly or priority = 0)
                group by 1) p), '') as problems
       from messages where organization_id = :organization_id and direction = 'outbound' and (not :repliesOnly or priority = 0)`,
    { repliesOnly },
  );
  return row;
}

/** Waits until nothing is left to send (or `limitMs` passes); returns the final state. */
export async function waitForOutboxDrained(orm: MikroORM, organizationId: string, limitMs: number, repliesOnly = false): Promise<OutboxState> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const state = await readOutboxState(orm, organizationId, repliesOnly);
    if (state.pending === 0 || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
