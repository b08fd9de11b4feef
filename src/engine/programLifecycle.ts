import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql, type SqlParams } from '../db/tenancy/scopedSql';
import { messagePriorities } from '../db/entities/Message';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { systemText, systemTextCatalog } from './systemTexts';

/**
 * After a pause, what waited goes on, but not all at once: timers that came due while the
 * program was paused are spread over `spreadMs` from now, in their original order.
 * Returns how many were moved.
 */
export async function releasePausedTimers(em: EntityManager, programId: string, at: number, spreadMs: number): Promise<number> {
  const moved = await scopedSql(
    em,
    `with overdue as (
       select t.id, row_number() over (order by t.due_at) as n, count(*) over () as total
         from timers t join conversations c on c.id = t.conversation_id
         join worker_assignments wa on wa.id = c.worker_assignment_id
        where t.organization_id = :organization_id and wa.program_id = :program and t.due_at <= :at)
     update timers set due_at = :at::timestamptz + (overdue.n - 1) * (:spread::float / greatest(overdue.total, 1)) * interval '1 millisecond'
       from overdue where timers.id = overdue.id
     returning timers.id`,
    { program: programId, at: new Date(at), spread: spreadMs },
  );
  return moved.length;
}

/**
 * Completing a program ends its running conversations politely: their timers are dropped, each
 * active worker gets a closing message (on the conversation's channel), and the conversations end. Returns how many ended.
 * Takes the engine's locks first and in its order (README "Locks"): the workers, then their
 * conversations, each set by id, before touching their timers, so an inbound step of one of these
 * workers finishes first or waits, and neither is aborted as a deadlock.
 */
export async function endProgramConversations(em: EntityManager, programId: string, at: number): Promise<number> {
  const params = { program: programId, at: new Date(at) };
  const overrides = await loadSystemTextOverrides(em);
  const languages = [...Object.keys(systemTextCatalog), ...overrides.keys()];
  const closings = Object.fromEntries(languages.map((language) => [language, systemText(language, 'programEnded', {}, overrides)]));
  const running = `select c.id, c.worker_id from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id
                    where c.organization_id = :organization_id and wa.program_id = :program and c.status = 'active'`;
  await lockAndStopTimers(em, running, params);
  await scopedSql(
    em,
    `insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, payload, status, priority, created_at)
     select :organization_id, last.channel_id, r.worker_id, r.id, 'outbound',
            coalesce(:closings::jsonb ->> lang.code, :closings::jsonb ->> split_part(lang.code, '-', 1), :closings::jsonb ->> 'en'),
            '{}', 'queued', :priority, :at
       from (${running}) r
       join workers w on w.id = r.worker_id and w.status = 'active'
       join organizations o on o.id = w.organization_id
       cross join lateral (select lower(coalesce(w.language, o.settings->>'defaultLanguage', 'en')) as code) lang
       -- the conversation's channel: that of its last message, else of the worker's last message
       cross join lateral (select coalesce(
           (select m.channel_id from messages m where m.organization_id = :organization_id and m.worker_id = r.worker_id and m.conversation_id = r.id
             order by m.seq desc limit 1),
           (select m.channel_id from messages m where m.organization_id = :organization_id and m.worker_id = r.worker_id
             order by m.seq desc limit 1)) as channel_id) last
      where last.channel_id is not null`,
    { ...params, closings: JSON.stringify(closings), priority: messagePriorities.proactive },
  );
  return endConversations(em, running, params);
}

/**
 * Takes the engine's locks in its order (README "Locks": the workers, then their conversations,
 * each set by id) on the conversations `running` selects (columns id, worker_id; may use the
 * `params`), and drops their timers: nothing more comes due for them.
 */
export async function lockAndStopTimers(em: EntityManager, running: string, params: SqlParams): Promise<void> {
  await scopedSql(em, `select w.id from workers w where w.organization_id = :organization_id and w.id in (select worker_id from (${running}) r) order by w.id for no key update`, params);
  await scopedSql(em, `select c.id from conversations c where c.organization_id = :organization_id and c.id in (select id from (${running}) r) order by c.id for no key update`, params);
  await scopedSql(em, `delete from timers where organization_id = :organization_id and conversation_id in (select id from (${running}) r)`, params);
}

/** Ends the conversations `running` selects (after lockAndStopTimers) at `params.at`; returns how many. */
export async function endConversations(em: EntityManager, running: string, params: SqlParams): Promise<number> {
  const ended = await scopedSql(
    em,
    `update conversations set status = 'ended', ended_at = :at, updated_at = :at where organization_id = :organization_id and id in (select id from (${running}) r) returning id`,
    params,
  );
  return ended.length;
}
