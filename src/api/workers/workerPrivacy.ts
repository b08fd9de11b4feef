import { rm } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { eraseWorkerEventTexts } from '../../events/eraseWorkerEventTexts';

const byWorker = (table: string, columns: string, extra = '') =>
  `select ${columns} from ${table} x where x.organization_id = :organization_id and x.worker_id = :worker ${extra}`;

/**
 * Everything held about one worker (an access request): the worker, segments, assignments,
 * conversations, messages, progress (answers and reflections), well-being answers and badges.
 */
export async function exportWorkerData(em: EntityManager, workerId: string): Promise<Record<string, unknown>> {
  const params = { worker: workerId };
  const [worker] = await scopedSql(em, `select * from workers where organization_id = :organization_id and id = :worker`, params);
  return {
    worker,
    segments: await scopedSql(em, `select s.id, s.name, ws.assigned_at from worker_segment ws join segments s on s.id = ws.segment_id where ws.organization_id = :organization_id and ws.worker_id = :worker`, params),
    assignments: await scopedSql(em, `select x.id, x.program_id, p.name as program, x.status, x.enrollment_date from worker_assignments x join programs p on p.id = x.program_id where x.organization_id = :organization_id and x.worker_id = :worker`, params),
    conversations: await scopedSql(em, byWorker('conversations', 'x.id, x.journey_blueprint_id, x.status, x.started_at, x.snapshot'), params),
    messages: await scopedSql(em, byWorker('messages', 'x.id, x.direction, x.body, x.payload, x.status, x.touchpoint_key, x.created_at', 'order by x.seq'), params),
    progress: await scopedSql(
      em,
      `select wp.id, t.key as touchpoint, wp.attempt, wp.answer, wp.correct, wp.score, wp.feedback_text, wp.started_at, wp.completed_at
         from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id join touchpoints t on t.id = wp.touchpoint_id
        where wp.organization_id = :organization_id and wa.worker_id = :worker order by wp.created_at`,
      params,
    ),
    wellBeingAnswers: await scopedSql(em, byWorker('well_being_answers', 'x.value, x.answered_at', 'order by x.answered_at'), params),
    badges: await scopedSql(em, `select b.key, b.name, wb.awarded_at from worker_badges wb join badges b on b.id = wb.badge_id where wb.organization_id = :organization_id and wb.worker_id = :worker`, params),
  };
}

/** What one erasure changed: a second erasure of the same worker finds nothing left and answers zeros. */
export interface ErasureResult {
  messagesCleared: number;
  answersCleared: number;
  conversationsEnded: number;
  mediaFilesDeleted: number;
}

/**
 * Erases a worker's personal data while the organization's figures stay right: the row stays
 * (status `left`, so nothing more is sent; name replaced, phone, language, timezone and
 * attributes removed), message bodies and payloads are emptied (their statuses and times stay,
 * so broadcast and delivery counts hold), answers and reflections are emptied (correct and score
 * stay, so quiz figures hold), well-being values stay (anonymous once the person is gone),
 * conversations end with their snapshots cleared, queued messages and timers are dropped,
 * segment memberships removed, and inbound media files deleted from `mediaDir`. It waits for a step
 * in flight on the worker, whose writes are erased with the rest.
 */
export async function eraseWorker(em: EntityManager, workerId: string, at: number, mediaDir?: string): Promise<ErasureResult> {
  const params = { worker: workerId, at: new Date(at) };
  const { result, mediaFiles } = await em.transactional(async (tx) => {
    // First the worker, as a step locks it: a step in flight finishes before (its messages and
    // answers are erased too), and one after finds no worker by that phone number.
    await scopedSql(tx, `select id from workers where organization_id = :organization_id and id = :worker for no key update`, params);
    const media = await scopedSql<{ file: string }>(
      tx,
      `select payload->'media'->>'providerRef' as file from messages where organization_id = :organization_id and worker_id = :worker and direction = 'inbound' and payload->'media'->>'providerRef' is not null`,
      params,
    );
    await scopedSql(tx, `delete from messages where organization_id = :organization_id and worker_id = :worker and status = 'queued'`, params);
    const messages = await scopedSql(
      tx,
      `update messages set body = null, payload = '{}'::jsonb
        where organization_id = :organization_id and worker_id = :worker and (body is not null or payload is distinct from '{}'::jsonb) returning id`,
      params,
    );
    const answers = await scopedSql(
      tx,
      `update worker_progress set answer = null, feedback_text = null, updated_at = :at
        where organization_id = :organization_id and worker_assignment_id in (select id from worker_assignments where organization_id = :organization_id and worker_id = :worker)
          and (answer is not null or feedback_text is not null) returning id`,
      params,
    );
    await eraseWorkerEventTexts(tx, workerId);
    await scopedSql(tx, `delete from timers where organization_id = :organization_id and conversation_id in (select id from conversations where organization_id = :organization_id and worker_id = :worker)`, params);
    const ended = await scopedSql(
      tx,
      `update conversations set status = case when status = 'active' then 'ended' else status end, snapshot = '{}'::jsonb
        where organization_id = :organization_id and worker_id = :worker and (status = 'active' or snapshot is distinct from '{}'::jsonb) returning id`,
      params,
    );
    await scopedSql(tx, `delete from worker_segment where organization_id = :organization_id and worker_id = :worker`, params);
    await scopedSql(
      tx,
      `update workers set full_name = 'Erased worker', phone_number = null, language = null, timezone = null, attributes = '{}'::jsonb,
              status = 'left', updated_at = :at
        where organization_id = :organization_id and id = :worker`,
      params,
    );
    return { result: { messagesCleared: messages.length, answersCleared: answers.length, conversationsEnded: ended.length }, mediaFiles: media.map((m) => m.file) };
  });
  let mediaFilesDeleted = 0;
  if (mediaDir) {
    for (const file of mediaFiles) {
      const relative = normalize(file);
      if (isAbsolute(relative) || relative.startsWith('..')) continue;
      await rm(join(mediaDir, relative), { force: true });
      mediaFilesDeleted++;
    }
  }
  return { ...result, mediaFilesDeleted };
}
