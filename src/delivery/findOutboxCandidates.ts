import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { OutboxRow } from './outboxRow';

export interface CandidateFilter {
  /** Priorities from…to (replies and proactive are read together, in priority order). */
  priorities: [from: number, to: number];
  /** Only this organization's rows (bulk round-robin). */
  organizationId?: string;
  /** Channels whose rate limit is spent for now. */
  skipChannels: string[];
  /** Rows already looked at in this claim. */
  skipIds: string[];
  limit: number;
  /** Business time, epoch ms. */
  now: number;
  /** Earlier queued rows due before this (epoch ms) keep later ones to the same worker waiting. */
  orderHorizon: number;
  /** This instance's Baileys lease holder: only Baileys channels it holds are candidates. */
  baileysHolder?: string;
}

/**
 * Queued outbound rows of the given priorities that are due, by priority then oldest first, locked FOR UPDATE SKIP LOCKED
 * (rows another instance is claiming are passed over), with the worker, organization and channel
 * facts the send decision needs. System scope, in the claim transaction.
 */
export async function findOutboxCandidates(em: EntityManager, filter: CandidateFilter): Promise<OutboxRow[]> {
  return scopedSql<OutboxRow>(
    em,
    `select m.id, m.seq, m.organization_id, m.channel_id, m.worker_id, m.conversation_id, m.priority, m.attempts, m.possibly_duplicate,
            m.body, m.payload, m.created_at,
            c.kind as channel_kind, c.settings as channel_settings,
            w.phone_number as worker_phone, w.timezone as worker_timezone, w.status as worker_status,
            o.settings as organization_settings,
            (select max(i.created_at) from messages i
              where i.worker_id = m.worker_id and i.channel_id = m.channel_id and i.direction = 'inbound') as last_inbound_at,
            exists (select 1 from messages e
                     where e.worker_id = m.worker_id and e.direction = 'outbound' and e.seq < m.seq and e.priority <= m.priority
                       and (e.status = 'sending' or (e.status = 'queued' and (e.next_attempt_at is null or e.next_attempt_at <= :horizon)))) as waits_for_earlier,
            (select max(e.claimed_at) from messages e
              where e.worker_id = m.worker_id and e.channel_id = m.channel_id and e.direction = 'outbound' and e.id <> m.id) as last_claimed_at
       from messages m
       join channels c on c.id = m.channel_id
       join organizations o on o.id = m.organization_id
       left join workers w on w.id = m.worker_id
      where m.status = 'queued' and m.direction = 'outbound' and m.priority between :fromPriority and :toPriority
        and (:org::uuid is null or m.organization_id = :org::uuid)
        and (m.next_attempt_at is null or m.next_attempt_at <= :now)
        and not (m.channel_id = any(:skipChannels::uuid[]))
        and not (m.id = any(:skipIds::uuid[]))
        -- proactive messages of a paused program wait for it to resume
        and not (m.priority = 1 and exists (select 1 from conversations cv join worker_assignments wa on wa.id = cv.worker_assignment_id
                   join programs p on p.id = wa.program_id where cv.id = m.conversation_id and p.status = 'paused'))
        and (c.kind <> 'baileys' or exists (select 1 from baileys_leases l
              where l.channel_id = m.channel_id and l.holder = :baileysHolder::text and l.expires_at > :now))
      order by m.priority, m.seq
      limit :limit
      for update of m skip locked`,
    {
      fromPriority: filter.priorities[0],
      toPriority: filter.priorities[1],
      org: filter.organizationId ?? null,
      now: new Date(filter.now),
      horizon: new Date(filter.orderHorizon),
      // As array literals: the driver would spread a JS array into a list (and an empty one into nothing).
      skipChannels: `{${filter.skipChannels.join(',')}}`,
      skipIds: `{${filter.skipIds.join(',')}}`,
      limit: filter.limit,
      baileysHolder: filter.baileysHolder ?? null,
    },
  );
}

/** Organizations with bulk rows queued, the one whose bulk was served longest ago first. */
export async function listBulkOrganizations(em: EntityManager): Promise<string[]> {
  const rows = await scopedSql<{ organization_id: string }>(
    em,
    `with recursive orgs as (
       (select organization_id from messages where status = 'queued' and priority = 2 order by organization_id limit 1)
       union all
       select (select m.organization_id from messages m
                where m.status = 'queued' and m.priority = 2 and m.organization_id > orgs.organization_id
                order by m.organization_id limit 1)
         from orgs where orgs.organization_id is not null
     )
     select orgs.organization_id from orgs left join bulk_turns t on t.organization_id = orgs.organization_id
      where orgs.organization_id is not null
      order by t.last_claimed_at nulls first, orgs.organization_id`,
  );
  return rows.map((row) => row.organization_id);
}
