import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../blueprints/validateFlow';
import type { SecretBox } from '../secrets/secretBox';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { enrollWorker } from '../engine/enrollWorker';
import { runConcurrently } from './latencySummary';
import { INBOUND_SEND_RATE } from './setupBenchOrganization';

/** A Cloud API channel the bench posts signed webhooks to (the engine's, or the floor's). */
export interface CloudApiTarget {
  channelId: string;
  phoneNumberId: string;
  appSecret: string;
}

export interface QuizBench {
  organizationId: string;
  programId: string;
  /** flows/bench-quiz.yaml's question touchpoints q1…q6, in order (the floor records progress on them). */
  questionTouchpointIds: string[];
  engine: CloudApiTarget;
  floor: CloudApiTarget;
}

async function createCloudApiChannel(orm: MikroORM, secretBox: SecretBox, organizationId: string, phoneNumberId: string): Promise<CloudApiTarget> {
  const channelId = randomUUID();
  const appSecret = randomBytes(16).toString('hex');
  await scopedSql(
    forOrganization(orm.em, organizationId),
    `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext)
     values (:id, :organization_id, 'cloud_api', :name, :address, :settings, :secrets)`,
    {
      id: channelId,
      name: `Bench ${phoneNumberId}`,
      address: phoneNumberId,
      // A 1 ms pair-rate gap: the bench measures the engine, not Meta's per-recipient pacing.
      settings: JSON.stringify({ phoneNumberId, appId: '4242000042', sendRatePerSecond: INBOUND_SEND_RATE, recipientSpacingMs: 1 }),
      secrets: secretBox.seal({ appSecret, accessToken: randomBytes(16).toString('hex'), verifyToken: 'bench' }, channelId),
    },
  );
  return { channelId, phoneNumberId, appSecret };
}

/** The quiz bench in the bench's organization: a Cloud API channel each for the engine and the floor, and the bench-quiz program. */
export async function setupQuizBench(orm: MikroORM, secretBox: SecretBox, organizationId: string): Promise<QuizBench> {
  const em = forOrganization(orm.em, organizationId);
  const flow = validateFlowFile(join('flows', 'bench-quiz.yaml'));
  if (!flow.doc) throw new Error('flows/bench-quiz.yaml does not validate');
  const blueprint = await storeBlueprintVersion(em, flow.doc, { publish: true });
  const programId = randomUUID();
  await scopedSql(em, `insert into programs (id, organization_id, name, status) values (:id, :organization_id, 'Bench quiz', 'active')`, { id: programId });
  await scopedSql(
    em,
    `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) values (:organization_id, :program, :blueprint, 1)`,
    { program: programId, blueprint: blueprint.id },
  );
  const touchpoints = await scopedSql<{ id: string }>(
    em,
    `select t.id from touchpoints t join phases p on p.id = t.phase_id
      where t.organization_id = :organization_id and p.journey_blueprint_id = :blueprint and t.key like 'q%' order by t.sequence_order`,
    { blueprint: blueprint.id },
  );
  return {
    organizationId,
    programId,
    questionTouchpointIds: touchpoints.map((t) => t.id),
    engine: await createCloudApiChannel(orm, secretBox, organizationId, '1055500101'),
    floor: await createCloudApiChannel(orm, secretBox, organizationId, '1055500102'),
  };
}

/**
 * `count` new workers who wrote to `target`'s number a moment ago (so its 24-hour window is open)
 * and were enrolled in the quiz there: the welcome and the first question are queued for them.
 */
export async function addQuizWorkers(orm: MikroORM, bench: QuizBench, target: CloudApiTarget, count: number): Promise<string[]> {
  const em = forOrganization(orm.em, bench.organizationId);
  const workers = await scopedSql<{ id: string; phone: string }>(
    em,
    `with made as (select count(*)::int as n from workers where organization_id = :organization_id and phone_number like '+1666%'),
     added as (
       insert into workers (organization_id, full_name, phone_number, language, timezone)
       select :organization_id, 'Quiz Worker ' || g, '+1666' || lpad(g::text, 7, '0'), 'en', 'UTC'
         from made, generate_series(made.n + 1, made.n + :count) g
       returning id, phone_number),
     wrote as (
       insert into messages (organization_id, channel_id, worker_id, direction, body, status, provider_message_id, created_at)
       select :organization_id, :channel, id, 'inbound', 'hi', 'received', 'bench-hi-' || id, now() from added)
     select id, phone_number as phone from added`,
    { count, channel: target.channelId },
  );
  await runConcurrently(workers.length, 8, async (index) => {
    await forOrganization(orm.em, bench.organizationId).transactional((tx) => enrollWorker(tx, workers[index].id, bench.programId, target.channelId, Date.now()));
  });
  return workers.map((worker) => worker.phone);
}
