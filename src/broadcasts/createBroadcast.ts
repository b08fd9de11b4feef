import type { EntityManager } from '@mikro-orm/postgresql';
import { messagePriorities } from '../db/entities/Message';
import { scopedSql } from '../db/tenancy/scopedSql';
import { SERVICE_WINDOW_MS } from '../channels/channelPolicy';
import { checkBroadcastTemplate } from './checkBroadcastTemplate';
import type { BroadcastRequestData, BroadcastView } from './broadcastInput';
import { broadcastTargetSql } from './broadcastTargetSql';
import { listRecipientChannels } from './listRecipientChannels';
import { recipientChannelSql } from './recipientChannelSql';
import { pickLibraryContent } from './pickLibraryContent';

/** An expected refusal, naming the field. */
export interface BroadcastRefusal {
  code: 'unknown_segment' | 'unknown_program' | 'unknown_content' | 'unknown_channel' | 'no_channel' | 'invalid_template';
  message: string;
  field: string;
}

/** Per-worker text: {{first_name}} and {{full_name}} replaced in SQL (the flow files' variables). */
const personalize = (expression: string) => `replace(replace(${expression}, '{{first_name}}', split_part(w.full_name, ' ', 1)), '{{full_name}}', w.full_name)`;
/** A content item's text in the worker's language, else the organization's default, else its first language. */
const contentText = `(select coalesce(ct.body->'text'->>w.language, ct.body->'text'->>(o.settings->>'defaultLanguage'), (select t.value from jsonb_each_text(ct.body->'text') t order by t.key limit 1))
   from content ct join organizations o on o.id = ct.organization_id where ct.organization_id = :organization_id and ct.id = :contentId::uuid)`;

async function checkTarget(em: EntityManager, target: BroadcastRequestData['target']): Promise<BroadcastRefusal | undefined> {
  if ('segmentId' in target) {
    const rows = await scopedSql(em, `select 1 from segments where organization_id = :organization_id and id = :id`, { id: target.segmentId });
    if (rows.length === 0) return { code: 'unknown_segment', message: `No segment of your organization has the id ${target.segmentId}`, field: 'target.segmentId' };
  }
  if ('programId' in target) {
    const rows = await scopedSql(em, `select 1 from programs where organization_id = :organization_id and id = :id`, { id: target.programId });
    if (rows.length === 0) return { code: 'unknown_program', message: `No program of your organization has the id ${target.programId}`, field: 'target.programId' };
  }
  return undefined;
}

async function pickChannel(em: EntityManager, channelId: string | undefined): Promise<string | BroadcastRefusal> {
  const [row] = await scopedSql<{ id: string }>(
    em,
    `select c.id from channels c join organizations o on o.id = c.organization_id
      where c.organization_id = :organization_id and c.status = 'active' and (:wanted::uuid is null or c.id = :wanted::uuid)
      order by (c.id::text = o.settings->>'defaultChannelId') desc, c.created_at limit 1`,
    { wanted: channelId ?? null },
  );
  if (row) return row.id;
  return channelId
    ? { code: 'unknown_channel', message: `No active channel of your organization has the id ${channelId}`, field: 'channelId' }
    : { code: 'no_channel', message: 'Your organization has no active channel to send on: add one first', field: 'channelId' };
}

/**
 * Creates a broadcast: counts the target (recipients are its active workers; opted-out and left
 * workers are skipped and counted; recipients whose 24-hour window will be closed are counted),
 * and unless it is a dry run, stores the broadcast and fans it out with ONE INSERT … SELECT into
 * the outbox (status queued, priority bulk, not before sendAt). A template is checked, before
 * anything is stored, on every channel a copy goes out on (`listRecipientChannels`). Call it
 * inside a transaction.
 */
export async function createBroadcast(em: EntityManager, request: BroadcastRequestData, at: number): Promise<BroadcastView | BroadcastRefusal> {
  const wrongTarget = await checkTarget(em, request.target);
  if (wrongTarget) return wrongTarget;
  const content = await pickLibraryContent(em, request.content);
  if (content && 'code' in content) return content;
  const contentId = content?.id;
  const channel = await pickChannel(em, request.channelId);
  if (typeof channel !== 'string') return channel;
  if (request.content.template) {
    for (const recipientChannel of await listRecipientChannels(em, request, channel)) {
      const wrongTemplate = await checkBroadcastTemplate(em, recipientChannel, request.content.template);
      if (wrongTemplate) return { code: 'invalid_template', ...wrongTemplate };
    }
  }
  const sendAt = request.sendAt ? Math.max(new Date(request.sendAt).getTime(), at) : at;
  const target = broadcastTargetSql(request.target);

  const [counts] = await scopedSql<{ recipients: number; opted_out: number; left_count: number; outside_window: number }>(
    em,
    `select (count(*) filter (where w.status = 'active'))::int as recipients,
            (count(*) filter (where w.status = 'opted_out'))::int as opted_out,
            (count(*) filter (where w.status = 'left'))::int as left_count,
            (count(*) filter (where w.status = 'active' and not exists (
               select 1 from messages i where i.organization_id = :organization_id and i.worker_id = w.id and i.direction = 'inbound' and i.created_at > :windowStart)))::int as outside_window
       from workers w where w.organization_id = :organization_id and ${target.sql}`,
    { ...target.params, windowStart: new Date(sendAt - SERVICE_WINDOW_MS) },
  );
  const scheduled = sendAt > at;
  const view = (id: string | null, status: BroadcastView['status'], recipients: number): BroadcastView => ({
    id,
    status,
    sendAt: new Date(sendAt).toISOString(),
    recipients,
    skipped: { optedOut: counts.opted_out, left: counts.left_count },
    outsideWindow: counts.outside_window,
    counts: { queued: status === 'dry_run' ? 0 : recipients, sent: 0, delivered: 0, read: 0, failed: 0, held: 0 },
    createdAt: status === 'dry_run' ? null : new Date(at).toISOString(),
  });
  if (request.dryRun) return view(null, 'dry_run', counts.recipients);

  const status = scheduled ? 'scheduled' : 'queued';
  const [broadcast] = await scopedSql<{ id: string }>(
    em,
    `insert into broadcasts (organization_id, target, content, channel_id, send_at, status, skipped_opted_out, skipped_left, outside_window, created_at)
     values (:organization_id, :target::jsonb, :content::jsonb, :channel::uuid, :sendAt, :status, :optedOut, :left, :outsideWindow, :at) returning id`,
    {
      target: JSON.stringify(request.target),
      content: JSON.stringify({ ...request.content, ...(contentId ? { contentId } : {}) }),
      channel: request.channelId ?? null,
      sendAt: new Date(sendAt),
      status,
      optedOut: counts.opted_out,
      left: counts.left_count,
      outsideWindow: counts.outside_window,
      at: new Date(at),
    },
  );
  const template = request.content.template;
  const [fanOut] = await scopedSql<{ n: number }>(
    em,
    `with queued as (
       insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at, next_attempt_at, broadcast_id)
       select :organization_id,
              ${recipientChannelSql(request.channelId !== undefined)},
              w.id, 'outbound', ${personalize(contentId ? contentText : ':text::text')},
              case when :hasTemplate then jsonb_build_object('broadcastId', :broadcast::text, 'template', jsonb_build_object('name', :templateName::text, 'language', :templateLanguage::text,
                     'variables', coalesce((select jsonb_agg(${personalize('v.value')} order by v.ordinality) from jsonb_array_elements_text(:variables::jsonb) with ordinality v), '[]'::jsonb)))
                   else jsonb_build_object('broadcastId', :broadcast::text) end,
              'queued', :priority::smallint, :at::timestamptz, :notBefore::timestamptz, :broadcast::uuid
         from workers w
        where w.organization_id = :organization_id and w.status = 'active' and ${target.sql}
       returning 1)
     select count(*)::int as n from queued`,
    {
      ...target.params,
      channel,
      text: request.content.text ?? null,
      contentId: contentId ?? null,
      hasTemplate: template !== undefined,
      templateName: template?.name ?? null,
      templateLanguage: template?.language ?? null,
      variables: JSON.stringify(template?.variables ?? []),
      broadcast: broadcast.id,
      priority: messagePriorities.bulk,
      at: new Date(at),
      notBefore: scheduled ? new Date(sendAt) : null,
    },
  );
  await scopedSql(em, `update broadcasts set recipients = :n where organization_id = :organization_id and id = :id`, { n: fanOut.n, id: broadcast.id });
  return view(broadcast.id, status, fanOut.n);
}
