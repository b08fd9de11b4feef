import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { BENCH_TEMPLATE, BROADCAST_SEND_RATE, INBOUND_SEND_RATE, type BenchOrganization } from './setupBenchOrganization';

export interface BroadcastFigures {
  recipients: number;
  /** From the API request to every recipient queued in the outbox, ms. */
  queuedInMs: number;
  /** Sends the provider fake received per second over the measuring window. */
  dispatchPerSecond: number;
  /** The channel's configured limit, messages per second. */
  channelLimitPerSecond: number;
}

async function setSendRate(orm: MikroORM, bench: BenchOrganization, rate: number): Promise<void> {
  await scopedSql(
    forOrganization(orm.em, bench.organizationId),
    `update channels set settings = settings || jsonb_build_object('sendRatePerSecond', :rate::int), updated_at = now()
      where organization_id = :organization_id and id = :id`,
    { id: bench.channelId, rate },
  );
}

/**
 * A broadcast to the bench audience through the API, on the channel limited to
 * BROADCAST_SEND_RATE: how long until every recipient is queued (the fan-out is one
 * INSERT … SELECT), then the dispatch rate the provider fake sees, against the channel's limit.
 * Then the rows not sent yet are withdrawn, so the runs after it measure replies alone.
 */
export async function runBroadcast(
  orm: MikroORM,
  bench: BenchOrganization,
  engineUrl: string,
  providerCalls: () => number,
  audienceSegmentId: string,
  windowMs = 10_000,
): Promise<BroadcastFigures> {
  await setSendRate(orm, bench, BROADCAST_SEND_RATE);
  const started = performance.now();
  const response = await fetch(`${engineUrl}/v1/broadcasts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bench.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      target: { segmentId: audienceSegmentId },
      content: { text: 'The depot closes early today.', template: { name: BENCH_TEMPLATE, language: 'en', variables: [] } },
    }),
  });
  const answer = (await response.json()) as { id?: string; recipients?: number; error?: { message: string } };
  if (!response.ok || !answer.id) throw new Error(`the broadcast was refused: ${answer.error?.message ?? response.status}`);
  const [{ queued }] = await scopedSql<{ queued: number }>(
    forOrganization(orm.em, bench.organizationId),
    'select count(*)::int as queued from messages where organization_id = :organization_id and broadcast_id = :id',
    { id: answer.id },
  );
  const queuedInMs = Math.round(performance.now() - started);
  if (queued !== answer.recipients) throw new Error(`the broadcast answered ${answer.recipients} recipients but queued ${queued}`);

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const before = providerCalls();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const dispatchPerSecond = Math.round(((providerCalls() - before) / windowMs) * 1000 * 10) / 10;
  await scopedSql(
    forOrganization(orm.em, bench.organizationId),
    `update messages set status = 'failed', error_code = 'bench_withdrawn', failed_at = now()
      where organization_id = :organization_id and broadcast_id = :id and status = 'queued'`,
    { id: answer.id },
  );
  await setSendRate(orm, bench, INBOUND_SEND_RATE);
  return { recipients: queued, queuedInMs, dispatchPerSecond, channelLimitPerSecond: BROADCAST_SEND_RATE };
}
