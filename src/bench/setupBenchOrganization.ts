import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../blueprints/validateFlow';
import type { SecretBox } from '../secrets/secretBox';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { enrollWorker } from '../engine/enrollWorker';
import { createDemoApiKey } from '../api/apiKeys/createDemoApiKey';
import { runConcurrently } from './latencySummary';

/** The channel's send limit during the broadcast test, messages per second (a Twilio sender upgraded for throughput). */
export const BROADCAST_SEND_RATE = 50;
/**
 * The channel's send limit during the inbound tests, messages per second (a Cloud API number's
 * highest throughput tier): high enough that reply latency measures the engine, not the limit.
 */
export const INBOUND_SEND_RATE = 1000;
/** The approved template broadcasts use outside the 24-hour window. */
export const BENCH_TEMPLATE = 'bench_broadcast';

export interface BenchOrganization {
  organizationId: string;
  channelId: string;
  programId: string;
  /** The business number of the Twilio channel. */
  businessNumber: string;
  authToken: string;
  workers: { id: string; phone: string }[];
  /** An org_admin API key (broadcasts go through the API). */
  apiKey: string;
}

/** An organization with a Twilio channel and the onboarding program, its workers enrolled. */
export async function setupBenchOrganization(orm: MikroORM, secretBox: SecretBox, workerCount: number, now: number): Promise<BenchOrganization> {
  const organizationId = randomUUID();
  await scopedSql(asSystem(orm.em, 'bench setup'), `insert into organizations (id, name, type, subscription_tier) values (:id, 'Bench', 'client', 'premium')`, { id: organizationId });
  const em = forOrganization(orm.em, organizationId);
  const authToken = randomBytes(16).toString('hex');
  const channelId = randomUUID();
  const businessNumber = `+1777${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
  await scopedSql(
    em,
    `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext)
     values (:id, :organization_id, 'twilio', 'Bench', :address, :settings, :secrets)`,
    {
      id: channelId,
      address: businessNumber,
      settings: JSON.stringify({
        accountSid: 'AC00000000000000000000000000000000',
        from: businessNumber,
        sendRatePerSecond: INBOUND_SEND_RATE,
        // Content SIDs of the onboarding flow's templates (the broadcast's is registered below).
        contentSids: Object.fromEntries(
          ['onboarding_welcome', 'onboarding_reflection', 'onboarding_reminder'].map((name, i) => [name, `HX${String(i + 1).padStart(32, '0')}`]),
        ),
      }),
      secrets: secretBox.seal({ authToken }, channelId),
    },
  );
  // The broadcast's template, registered so the API accepts broadcasts naming it.
  await scopedSql(
    em,
    `insert into channel_templates (organization_id, channel_id, name, language, status, variables, content_sid, source)
     values (:organization_id, :channelId::uuid, :name, 'en', 'approved', '[]', :contentSid, 'manual')`,
    { channelId, name: BENCH_TEMPLATE, contentSid: `HX${'0'.repeat(32)}` },
  );
  const flow = validateFlowFile(join('flows', 'onboarding.yaml'));
  if (!flow.doc) throw new Error('flows/onboarding.yaml does not validate');
  const blueprint = await storeBlueprintVersion(em, flow.doc, { publish: true });
  const programId = randomUUID();
  await scopedSql(em, `insert into programs (id, organization_id, name, status) values (:id, :organization_id, 'Bench', 'active')`, { id: programId });
  await scopedSql(
    em,
    `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) values (:organization_id, :program, :blueprint, 1)`,
    { program: programId, blueprint: blueprint.id },
  );
  const apiKey = await createDemoApiKey(orm.em, organizationId);
  const bench = { organizationId, channelId, programId, businessNumber, authToken, workers: [], apiKey };
  return { ...bench, workers: await addBenchWorkers(orm, bench, workerCount, now) };
}

/** `count` more bench workers (phone numbers after those made before), enrolled in the bench program. */
export async function addBenchWorkers(orm: MikroORM, bench: BenchOrganization, count: number, now: number): Promise<BenchOrganization['workers']> {
  const em = forOrganization(orm.em, bench.organizationId);
  const workers = await scopedSql<{ id: string; phone: string }>(
    em,
    `with made as (select count(*)::int as n from workers where organization_id = :organization_id and phone_number like '+1888%')
     insert into workers (organization_id, full_name, phone_number, language, timezone)
     select :organization_id, 'Bench Worker ' || g, '+1888' || lpad(g::text, 7, '0'), 'en', 'UTC'
       from made, generate_series(made.n + 1, made.n + :count) g
     returning id, phone_number as phone`,
    { count },
  );
  await runConcurrently(workers.length, 8, async (index) => {
    await forOrganization(orm.em, bench.organizationId).transactional((tx) => enrollWorker(tx, workers[index].id, bench.programId, bench.channelId, now));
  });
  return workers;
}

/**
 * A static segment of the first `count` preloaded scale workers (they never wrote, so a broadcast
 * goes to them as its template); returns its id.
 */
export async function createBroadcastAudience(orm: MikroORM, organizationId: string, count: number): Promise<string> {
  const em = forOrganization(orm.em, organizationId);
  const [segment] = await scopedSql<{ id: string }>(em, `insert into segments (organization_id, name) values (:organization_id, 'Bench broadcast') returning id`);
  await scopedSql(
    em,
    `insert into worker_segment (organization_id, worker_id, segment_id)
     select :organization_id, id, :segment from workers
      where organization_id = :organization_id and phone_number like '+1999%' order by phone_number limit :count`,
    { count, segment: segment.id },
  );
  return segment.id;
}

/**
 * Preloads scale workers number `from` to `to` (inclusive), each with a completed enrollment and
 * three completed progress rows, in bulk SQL: the data volume of a large organization for the
 * scale test. (An active enrollment without a conversation is one a crash left unstarted, which
 * the engine's resume job would start in the middle of a run.)
 */
export async function preloadScaleData(orm: MikroORM, bench: BenchOrganization, from: number, to: number): Promise<void> {
  const em = forOrganization(orm.em, bench.organizationId);
  const batch = 100_000;
  for (let start = from; start <= to; start += batch) {
    const end = Math.min(to, start + batch - 1);
    await scopedSql(
      em,
      `with new_workers as (
         insert into workers (organization_id, full_name, phone_number, language, timezone, well_being_score, performance_metric)
         select :organization_id, 'Scale ' || md5(g::text), '+1999' || lpad(g::text, 8, '0'), 'en', 'UTC', 1 + g % 5, g % 101
           from generate_series(:start::int, :end::int) g
         returning id),
       assignments as (
         insert into worker_assignments (organization_id, program_id, worker_id, status)
         select :organization_id, :program, id, 'completed' from new_workers
         returning id)
       insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, score, correct, attempt)
       select :organization_id, a.id, t.id, now(), now(), 1, true, 1
         from assignments a
         cross join (select t.id from touchpoints t join phases p on p.id = t.phase_id
                      join program_blueprints pb on pb.journey_blueprint_id = p.journey_blueprint_id
                     where pb.program_id = :program and t.organization_id = :organization_id order by t.sequence_order limit 3) t`,
      { program: bench.programId, start, end },
    );
  }
  await scopedSql(asSystem(orm.em, 'bench analyze'), 'analyze workers; analyze worker_assignments; analyze worker_progress; analyze messages');
}
