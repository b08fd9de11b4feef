import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import type { BenchOrganization } from './setupBenchOrganization';
import { runConcurrently, summarizeLatencies, type RunFigures } from './latencySummary';

/**
 * The floor: the database writes of one inbound message done with plain SQL, one transaction
 * each, on the same pool and concurrency as the engine: log the message, lock the worker and the
 * conversation, save a snapshot of the real size, record progress, queue a reply (the journey
 * answers three messages with three replies), set a timer; then claim the reply and record it sent.
 */
export async function runSqlFloor(orm: MikroORM, bench: BenchOrganization, workers: { id: string; phone: string }[], answers: number, concurrency: number): Promise<RunFigures> {
  const em = forOrganization(orm.em, bench.organizationId);
  const [sample] = await scopedSql<{ snapshot: unknown; touchpoint_id: string }>(
    em,
    `select c.snapshot, (select t.id from touchpoints t where t.organization_id = :organization_id limit 1) as touchpoint_id
       from conversations c where c.organization_id = :organization_id limit 1`,
  );
  const snapshot = JSON.stringify(sample.snapshot);
  const latencies: number[] = [];
  const started = performance.now();
  await runConcurrently(workers.length * answers, concurrency, async (index) => {
    const worker = workers[index % workers.length];
    const sent = performance.now();
    let replies: { id: string }[] = [];
    await forOrganization(orm.em, bench.organizationId).transactional(async (tx) => {
      const at = new Date();
      await scopedSql(tx, `insert into messages (organization_id, channel_id, direction, body, status, provider_message_id, created_at)
        values (:organization_id, :channel, 'inbound', '1', 'received', :provider, :at) on conflict (channel_id, provider_message_id) do nothing returning id`,
        { channel: bench.channelId, provider: randomUUID(), at });
      await scopedSql(tx, 'select id from workers where organization_id = :organization_id and phone_number = :phone for no key update', { phone: worker.phone });
      const [conversation] = await scopedSql<{ id: string; worker_assignment_id: string }>(tx,
        `select id, worker_assignment_id from conversations where organization_id = :organization_id and worker_id = :worker and status in ('active', 'completed') order by started_at desc limit 1 for no key update`,
        { worker: worker.id });
      await scopedSql(tx, 'update conversations set snapshot = :snapshot, version = version + 1 where organization_id = :organization_id and id = :id', { snapshot, id: conversation.id });
      await scopedSql(tx, `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, answer, attempt)
        values (:organization_id, :assignment, :touchpoint, :at, :at, '1', 1)`, { assignment: conversation.worker_assignment_id, touchpoint: sample.touchpoint_id, at });
      replies = await scopedSql<{ id: string }>(tx, `insert into messages (organization_id, channel_id, worker_id, conversation_id, direction, body, status, priority, created_at)
        values (:organization_id, :channel, :worker, :conversation, 'outbound', 'Right!', 'queued', 0, :at) returning id`, { channel: bench.channelId, worker: worker.id, conversation: conversation.id, at });
      await scopedSql(tx, `insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at) values (:organization_id, :conversation, 'floor', '{}', :at, :at)
        on conflict (conversation_id, send_id) do update set due_at = excluded.due_at`, { conversation: conversation.id, at });
    });
    // Sending the reply: claimed, then recorded as sent with its provider id.
    const ids = `{${replies.map((reply) => reply.id).join(',')}}`;
    const system = asSystem(orm.em, 'bench floor');
    await scopedSql(system, `update messages set status = 'sending', claimed_at = now(), attempts = attempts + 1 where id = any(:ids::uuid[])`, { ids });
    await scopedSql(system, `update messages set status = 'sent', sent_at = now(), provider_message_id = 'SM' || md5(id::text) where id = any(:ids::uuid[])`, { ids });
    latencies.push(performance.now() - sent);
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    messages: latencies.length,
    failed: 0,
    seconds: Math.round(seconds * 100) / 100,
    messagesPerSecond: Math.round(latencies.length / seconds),
    latencyMs: summarizeLatencies(latencies),
  };
}
