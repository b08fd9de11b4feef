import { defineSystemStatement } from '../hotPath/systemStatement';
import { createdAtWithinBounds } from './createdAtBounds';
import { rankStatusSql, statusChangeColumns, statusRankSql } from './statusRanks';
import { stillSending } from './stillSendingSql';

const PURPOSE = 'send results';

/**
 * Inbound messages logged after the batch's rows: received (their `created_at`) at most a day
 * before the oldest of them (a step runs behind its webhook by the inbound queue's lag), so the
 * probe reads the partitions of recent months, not every month of history.
 */
const loggedSinceBatch = "i.created_at > :createdFrom::timestamptz - interval '1 day'";

/**
 * Sent (`recordSendResults`): provider id and `sent`, merged with the statuses that arrived before
 * the id (taken out of pending_statuses), and each question's timers moved by the time it waited
 * in the outbox unless the worker wrote since. `:ids`, `:providerIds`, `:ats`, `:waits` (arrays), and
 * `:createdFrom`/`:createdTo` (`createdAtBounds`: messages are read in their months' partitions only).
 * Each message is probed by id (a lateral lookup, and the update's `id = any(…)`): joined as a
 * whole, a generic plan made on a young outbox scanned a partition, or an index by created_at
 * alone, for every batch (`sendResultsPlan.test.ts`).
 */
export const recordSentStatement = defineSystemStatement(
  'send_results_sent',
  PURPOSE,
  `with input as (
       select * from unnest(:ids::uuid[], :providerIds::text[], :ats::timestamptz[], :waits::float8[]) as t(id, provider_message_id, at, wait_secs)
     ), sending as (
       select m.id, m.organization_id, m.channel_id, m.conversation_id, m.worker_id, m.created_at, m.seq, i.provider_message_id, i.at, i.wait_secs
         from input i
         cross join lateral (select m.* from messages m where m.id = i.id and ${createdAtWithinBounds} offset 0) m
        where ${stillSending}
     ), early as (
       delete from pending_statuses p using sending x
        where p.organization_id = x.organization_id and p.channel_id = x.channel_id and p.provider_message_id = x.provider_message_id
       returning x.id, p.status, p.at, p.error_code, p.error_reason, ${statusRankSql('p.status')} as rank, 0 as ord
     ), changes as (
       select x.id, x.created_at, x.provider_message_id, x.at as sent_now, ${statusChangeColumns}
         from sending x left join early s on s.id = x.id
        group by x.id, x.created_at, x.provider_message_id, x.at
     ), sent as (
       update messages m set status = ${rankStatusSql('greatest(2, c.top_rank)')}, provider_message_id = c.provider_message_id, sent_at = c.sent_now,
              delivered_at = coalesce(m.delivered_at, c.delivered_at), read_at = coalesce(m.read_at, c.read_at), failed_at = coalesce(m.failed_at, c.failed_at),
              error_code = c.error_code, error_reason = c.error_reason
         from changes c where m.id = any(array(select id from changes)) and m.id = c.id and m.created_at = c.created_at
       returning m.id
     ), waits as (
       update timers t set due_at = t.due_at + make_interval(secs => x.wait_secs)
         from sending x
        where x.wait_secs is not null and t.organization_id = x.organization_id and t.conversation_id = x.conversation_id and t.created_at = x.created_at
          and not exists (select 1 from messages i where i.organization_id = x.organization_id and i.worker_id = x.worker_id
                           and i.direction = 'inbound' and i.seq > x.seq and ${loggedSinceBatch})
       returning t.id
     )
     select count(*)::int as sent from sent`,
);

/** Transient failures: back to `queued` with the next attempt's time. `:ids`, `:nexts`, `:codes`, `:reasons`, `:doubts` (arrays), `:createdFrom`/`:createdTo`. */
export const recordRetriesStatement = defineSystemStatement(
  'send_results_retry',
  PURPOSE,
  `update messages m set status = 'queued', next_attempt_at = i.next, error_code = i.code, error_reason = i.reason,
            possibly_duplicate = m.possibly_duplicate or i.in_doubt
       from unnest(:ids::uuid[], :nexts::timestamptz[], :codes::text[], :reasons::text[], :doubts::boolean[]) as i(id, next, code, reason, in_doubt)
      where m.id = i.id and ${stillSending} and ${createdAtWithinBounds}`,
);

/** Claims given back unsent: queued again, the attempt not counted. `:ids` (an array), `:createdFrom`/`:createdTo`. */
export const recordReleasesStatement = defineSystemStatement(
  'send_results_release',
  PURPOSE,
  `update messages m set status = 'queued', attempts = attempts - 1, next_attempt_at = null where m.id = any(:ids::uuid[]) and ${stillSending} and ${createdAtWithinBounds}`,
);
