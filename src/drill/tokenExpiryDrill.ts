import type { MikroORM } from '@mikro-orm/postgresql';
import type { TwilioApiFake } from '../../tests/fakes/startTwilioApiFake';
import { startTwilioAccountFake } from '../../tests/fakes/startTwilioAccountFake';
import { BENCH_TEMPLATE, type BenchOrganization } from '../bench/setupBenchOrganization';
import { readChannelRow } from '../channelAdmin/readChannelRows';
import { verifyChannel } from '../channelAdmin/verifyChannel';
import type { SecretBox } from '../secrets/secretBox';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import type { DrillVerdict } from './drillVerdict';

const DRILL_BODY = 'Drill broadcast: token expiry';

interface BroadcastState { sent: number; pending: number; sending: number; failed: number; paused: number; unhealthy: boolean }

async function readBroadcast(orm: MikroORM, bench: BenchOrganization): Promise<BroadcastState> {
  const [row] = await scopedSql<BroadcastState>(
    forOrganization(orm.em, bench.organizationId),
    `select (count(*) filter (where status in ('sent', 'delivered', 'read')))::int as sent,
            (count(*) filter (where status in ('queued', 'sending')))::int as pending,
            (count(*) filter (where status = 'sending'))::int as sending,
            (count(*) filter (where status in ('failed', 'held')))::int as failed,
            (count(*) filter (where error_code = 'channel_paused'))::int as paused,
            (select health_status = 'unhealthy' from channels where organization_id = :organization_id and id = :channel) as unhealthy
       from messages where organization_id = :organization_id and direction = 'outbound' and body = :body`,
    { channel: bench.channelId, body: DRILL_BODY },
  );
  return row;
}

async function waitFor(orm: MikroORM, bench: BenchOrganization, limitMs: number, done: (state: BroadcastState) => boolean): Promise<BroadcastState> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const state = await readBroadcast(orm, bench);
    if (done(state) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A template broadcast (`copies` per worker) whose channel's token is revoked after a third of it
 * went out: the channel must pause with nothing failed for good, and after the admin's fix (the
 * token works again and a connection check passes) every message must go.
 */
export async function tokenExpiryDrill(orm: MikroORM, bench: BenchOrganization, twilio: TwilioApiFake, secretBox: SecretBox, copies: number): Promise<DrillVerdict> {
  const started = performance.now();
  const total = bench.workers.length * copies;
  twilio.expireCredentialsAfter(Math.floor(total / 3));
  await scopedSql(
    forOrganization(orm.em, bench.organizationId),
    `insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, priority, created_at)
     select :organization_id, :channel, w.id, 'outbound', :body, :payload::jsonb, 'queued', 2, now()
       from workers w cross join generate_series(1, :copies::int) where w.organization_id = :organization_id`,
    { channel: bench.channelId, body: DRILL_BODY, copies, payload: JSON.stringify({ template: { name: BENCH_TEMPLATE, language: 'en', variables: [] } }) },
  );
  const paused = await waitFor(orm, bench, 30_000, (state) => state.unhealthy && state.sending === 0);

  const account = await startTwilioAccountFake({ accountSid: 'AC00000000000000000000000000000000', authToken: bench.authToken, phoneNumbers: [bench.businessNumber] });
  let checkPassed = false;
  try {
    twilio.renewCredentials();
    const em = forOrganization(orm.em, bench.organizationId);
    const row = await readChannelRow(em, bench.channelId);
    if (row) checkPassed = (await verifyChannel(em, row, { secretBox, twilioBaseUrl: account.baseUrl, now: new Date() })).ok;
  } finally {
    await account.close();
  }
  const after = await waitFor(orm, bench, 60_000, (state) => state.pending === 0);
  return {
    drill: 'a channel whose token expires mid-broadcast',
    checked: 'the channel pauses with nothing failed for good; after the fix and a passing check every message is sent',
    counts: { broadcast: total, sentBeforeFix: paused.sent, pausedQueued: paused.paused, failedBeforeFix: paused.failed, checkPassed: String(checkPassed), sent: after.sent, failed: after.failed, pending: after.pending },
    passed: paused.unhealthy && paused.sent < total && paused.failed === 0 && checkPassed && after.sent === total && after.failed === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}
