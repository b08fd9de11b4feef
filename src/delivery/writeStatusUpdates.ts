import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusUpdate } from '../channels/channelTypes';
import { toArrayLiteral } from '../db/toArrayLiteral';
import { scopedSql, type SqlParams } from '../db/tenancy/scopedSql';
import { defineSystemStatement } from '../hotPath/systemStatement';
import { scopeOf } from '../db/tenancy/scopes';
import { rankStatusSql, statusChangeColumns, statusRankSql } from './statusRanks';
import type { RunSystemStatement } from './systemStatements';

/** A provider status for one outbound message of a channel. */
export interface ChannelStatus {
  organizationId: string;
  channelId: string;
  update: StatusUpdate;
}

/**
 * The outbound messages carrying the provider id of `key` (a row with organization_id, channel_id,
 * provider_message_id), probed per key through messages_provider_id_channel_index of each
 * partition. `offset 0` keeps it a per-key probe (joined as a whole, a generic plan made on small
 * or no statistics hashed every outbound message instead: its blocks grew with the table), and
 * direction is checked outside it. Channel and organization are checked on the row (`is true`):
 * as index conditions they made the channel's (channel, direction, time) index and the
 * organization's one candidates too, which a plan made on a young partition could take.
 */
function outboundOfProviderId(key: string): string {
  return `select m.* from (
      select m.id, m.created_at, m.organization_id, m.channel_id, m.provider_message_id, m.status, m.direction from messages m
       where m.provider_message_id = ${key}.provider_message_id and (m.channel_id = ${key}.channel_id) is true and (m.organization_id = ${key}.organization_id) is true
      offset 0) m
     where m.direction = 'outbound'`;
}

/**
 * Applies statuses `input` (a CTE with organization_id, channel_id, provider_message_id, status,
 * at, error_code, error_reason, ord) to their messages, forward only, and keeps in
 * pending_statuses those whose provider id no message carries yet, once (a webhook retried keeps
 * no second copy: pending_statuses_lookup_index is unique with the status). One statement. The update
 * is by id and created_at: one month partition probed, not every one.
 */
export function applyStatusesSql(input: string): string {
  return `with input as (${input}),
    ranked as (select i.*, ${statusRankSql('i.status')} as rank from input i),
    targets as (
      select m.id, m.created_at, m.organization_id, m.channel_id, m.provider_message_id, ${statusRankSql('m.status')} as current_rank
        from (select distinct organization_id, channel_id, provider_message_id from input) k
        cross join lateral (${outboundOfProviderId('k')}) m
    ),
    changes as (
      select t.id, t.created_at, ${statusChangeColumns}
        from targets t
        join ranked s on s.organization_id = t.organization_id and s.channel_id = t.channel_id and s.provider_message_id = t.provider_message_id
       where s.rank > t.current_rank
       group by t.id, t.created_at
    ),
    moved as (
      update messages m set status = ${rankStatusSql('c.top_rank')},
             sent_at = coalesce(m.sent_at, c.sent_at), delivered_at = coalesce(m.delivered_at, c.delivered_at),
             read_at = coalesce(m.read_at, c.read_at), failed_at = coalesce(m.failed_at, c.failed_at),
             error_code = coalesce(c.error_code, m.error_code), error_reason = coalesce(c.error_reason, m.error_reason)
        from changes c where m.id = c.id and m.created_at = c.created_at
      returning m.id
    ),
    kept as (
      insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at, error_code, error_reason)
      select s.organization_id, s.channel_id, s.provider_message_id, s.status, s.at, s.error_code, s.error_reason from ranked s
       where not exists (select 1 from targets t where t.organization_id = s.organization_id and t.channel_id = s.channel_id and t.provider_message_id = s.provider_message_id)
       -- In the unique index's order: two writers keeping the same statuses wait on each other, never deadlock.
       order by s.channel_id, s.provider_message_id, s.status
      on conflict (channel_id, provider_message_id, status, organization_id) do nothing
    )
    select s.ord, exists (select 1 from targets t join moved on moved.id = t.id
                           where t.organization_id = s.organization_id and t.channel_id = s.channel_id
                             and t.provider_message_id = s.provider_message_id and s.rank > t.current_rank) as moved,
           not exists (select 1 from targets t where t.organization_id = s.organization_id and t.channel_id = s.channel_id
                          and t.provider_message_id = s.provider_message_id) as waiting
      from ranked s order by s.ord`;
}

/** What writing a batch of statuses did. */
export interface StatusesWritten {
  /** Per status, in order: whether its message moved forward. */
  moved: boolean[];
  /** The statuses kept for a provider id no message carries yet (in order). */
  waiting: ChannelStatus[];
}

/** The statuses as the `input` CTE reads them (`statusParams`), of any organizations, or only `:organization_id`'s. */
function statusInputSql(ofOrganization: boolean): string {
  return `select * from unnest(:orgs::uuid[], :channels::uuid[], :providerIds::text[], :statuses::text[], :ats::timestamptz[], :codes::text[], :reasons::text[], :ords::int[])
         as t(organization_id, channel_id, provider_message_id, status, at, error_code, error_reason, ord)
       ${ofOrganization ? 'where t.organization_id = :organization_id' : ''}`;
}

function statusParams(statuses: ChannelStatus[]): SqlParams {
  const column = <T extends string | number | Date | null>(pick: (status: ChannelStatus, index: number) => T) => toArrayLiteral(statuses.map(pick));
  return {
    orgs: column((s) => s.organizationId),
    channels: column((s) => s.channelId),
    providerIds: column((s) => s.update.providerMessageId),
    statuses: column((s) => s.update.status),
    ats: column((s) => new Date(s.update.at)),
    codes: column((s) => s.update.errorCode ?? null),
    reasons: column((s) => s.update.errorReason ?? null),
    ords: column((_, index) => index),
  };
}

type WrittenRow = { ord: number; moved: boolean; waiting: boolean };

function readWritten(statuses: ChannelStatus[], rows: WrittenRow[]): StatusesWritten {
  const moved = statuses.map(() => false);
  for (const row of rows) moved[row.ord] = row.moved;
  return { moved, waiting: rows.filter((row) => row.waiting).map((row) => statuses[row.ord]) };
}

/**
 * Writes provider statuses in one statement (any number, any organizations in the system scope;
 * in an organization scope only that organization's): each message moves forward to the furthest
 * status it was given, never back, each status's time recorded; a status for a provider id not
 * recorded yet is kept in pending_statuses and applied when the send records the id.
 */
export async function writeStatusUpdates(em: EntityManager, statuses: ChannelStatus[]): Promise<StatusesWritten> {
  if (statuses.length === 0) return { moved: [], waiting: [] };
  const scope = scopeOf(em);
  const ofOrganization = scope !== undefined && 'organizationId' in scope;
  return readWritten(statuses, await scopedSql<WrittenRow>(em, applyStatusesSql(statusInputSql(ofOrganization)), statusParams(statuses)));
}

export const writeStatusBatch = defineSystemStatement('provider_statuses_write', 'provider status writer', applyStatusesSql(statusInputSql(false)));

/** `writeStatusUpdates` of the status writer's batches (statuses of any organizations), as a system statement. */
export async function writeStatusBatchOf(run: RunSystemStatement, statuses: ChannelStatus[]): Promise<StatusesWritten> {
  if (statuses.length === 0) return { moved: [], waiting: [] };
  return readWritten(statuses, await run<WrittenRow>(writeStatusBatch, statusParams(statuses)));
}

/**
 * The crossed-status sweep: applies the kept statuses whose message now carries their provider id,
 * and forgets them; only those of the keys `:orgs`, `:channels`, `:providerIds` (by
 * pending_statuses_lookup_index) when `ofKeys`, else every kept status.
 */
function applyCrossedSql(ofKeys: boolean): string {
  const keys = ofKeys
    ? `using (select distinct * from unnest(:orgs::uuid[], :channels::uuid[], :providerIds::text[]) as k(organization_id, channel_id, provider_message_id)) k
      where p.channel_id = k.channel_id and p.provider_message_id = k.provider_message_id and p.organization_id = k.organization_id and`
    : 'where';
  return applyStatusesSql(
    `delete from pending_statuses p ${keys} exists (${outboundOfProviderId('p')})
     returning p.organization_id, p.channel_id, p.provider_message_id, p.status, p.at, p.error_code, p.error_reason, 0 as ord`,
  );
}

export const applyCrossed = defineSystemStatement('provider_statuses_apply_crossed', 'provider status writer', applyCrossedSql(true));

export const applyEveryCrossed = defineSystemStatement('provider_statuses_apply_every_crossed', 'provider status writer', applyCrossedSql(false));

/**
 * Applies the statuses kept for the provider ids of `kept` whose message now carries the id (a
 * status and the send's record that crossed each other), and forgets them. One statement, its
 * cost bounded by `kept`, not by everything pending_statuses holds.
 */
export async function applyCrossedStatuses(run: RunSystemStatement, kept: ChannelStatus[]): Promise<number> {
  if (kept.length === 0) return 0;
  return (
    await run(applyCrossed, {
      orgs: toArrayLiteral(kept.map((s) => s.organizationId)),
      channels: toArrayLiteral(kept.map((s) => s.channelId)),
      providerIds: toArrayLiteral(kept.map((s) => s.update.providerMessageId)),
    })
  ).length;
}

/** `applyCrossedStatuses` of every kept status, whoever kept it (one probe of `messages` per kept status). */
export async function applyEveryCrossedStatus(run: RunSystemStatement): Promise<number> {
  return (await run(applyEveryCrossed, {})).length;
}
