import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postTwilioMessage } from '../bench/postTwilioMessage';
import { setupBenchOrganization } from '../bench/setupBenchOrganization';
import { startEngineProcess } from '../bench/startEngineProcess';
import { startStreamingReplica } from '../cluster/startStreamingReplica';
import { startTempCluster } from '../cluster/startTempCluster';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase } from '../db/openDatabase';
import type { SecretBox } from '../secrets/secretBox';
import { waitForInboundEffects } from './checkInboundEffects';
import { readOutboxState, waitForOutboxDrained } from './checkOutboxDelivered';
import type { DrillVerdict } from './drillVerdict';
import { waitForInboundQueueEmpty } from './waitForInboundQueueEmpty';

const script = ['1', '1', 'It went well'];

/** When each provider send arrived at the fake, epoch ms. */
export type ProviderSendTimes = () => number[];

/**
 * The primary crashes under load and its standby is promoted: a temporary primary with a
 * synchronous streaming standby (a commit waits for the standby, so a crash loses no acknowledged
 * write), the engine on the host list `primary,standby` with `target_session_attrs=read-write`.
 * Once every worker's first answer is replied to, the primary is stopped (immediate: as a crash);
 * workers keep answering (spooled), a failover manager would take `promoteAfterMs` to notice, then
 * `pg_ctl promote`. Counted: messages lost (0), conversations moved twice (0), sends beyond one
 * per reply, and how long no reply went out.
 */
export async function failoverDrill(
  secretBox: SecretBox,
  engineEnv: Record<string, string>,
  publicUrl: string,
  workerCount: number,
  promoteAfterMs: number,
  providerSendTimes: ProviderSendTimes,
): Promise<DrillVerdict> {
  const started = performance.now();
  const startedAt = Date.now();
  const primary = await startTempCluster();
  const standby = await startStreamingReplica(primary).catch((error: unknown) => {
    primary.destroy();
    throw error;
  });
  const hostList = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/postgres?target_session_attrs=read-write`;
  const database = await openDatabase({ databaseUrl: hostList, dataDir: '', poolSize: 4 });
  try {
    // Set on the primary only, after the standby was copied from it: once promoted, the standby waits for no one.
    await database.orm.em.getConnection().execute(`alter system set synchronous_standby_names = '*'`);
    await database.orm.em.getConnection().execute('select pg_reload_conf()');
    await migrateDatabase(database);
    const bench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
    // A spool folder of its own: what it spools belongs to this throwaway cluster only.
    const dataDir = mkdtempSync(join(tmpdir(), 'failover-drill-'));
    const engine = await startEngineProcess({ ...engineEnv, DATABASE_URL: hostList, DATA_DIR: dataDir, SPOOL_TIMEOUT_MS: '1000', DATABASE_POOL_SIZE: '4' });
    let answered200 = 0;
    let retried = 0;
    // Like a provider, each message is resent (same sid) until answered 200, for a minute at most.
    const sendStep = (step: number) => Promise.all(bench.workers.map(async (worker) => {
      for (const giveUpAt = Date.now() + 60_000; Date.now() < giveUpAt; ) {
        const status = await postTwilioMessage(engine.url, publicUrl, bench, { phone: worker.phone, text: script[step], messageSid: `SMfailover${worker.phone.slice(1)}${step}` }).catch(() => 0);
        if (status === 200) return void answered200++;
        retried++;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }));
    try {
      await sendStep(0);
      await waitForInboundQueueEmpty(database.orm, bench.organizationId, 60_000);
      await waitForOutboxDrained(database.orm, bench.organizationId, 60_000);
      const stoppedAt = Date.now();
      primary.stop('immediate');
      const spooled = sendStep(1);
      await new Promise((resolve) => setTimeout(resolve, promoteAfterMs));
      const promotedAt = Date.now();
      standby.promote();
      await spooled;
      await sendStep(2);

      const expected = bench.workers.length * script.length;
      const effects = await waitForInboundEffects(database.orm, bench.organizationId, expected, 60_000);
      const outbox = await waitForOutboxDrained(database.orm, bench.organizationId, 60_000);
      const replies = await readOutboxState(database.orm, bench.organizationId, true);
      const firstReplyAfter = providerSendTimes().find((at) => at >= stoppedAt);
      const sends = providerSendTimes().filter((at) => at >= startedAt).length;
      const extraSends = sends - outbox.withProviderId;
      return {
        drill: `primary crashed under load, standby promoted after ${(promoteAfterMs / 1000).toFixed(1)} s`,
        checked: 'every webhook answered 200 (spooled while no primary), every message processed once on the new primary, every reply sent, none twice except those marked in doubt',
        counts: {
          sent: expected, answered200, retried, received: effects.received, stillQueued: effects.stillQueued, lost: expected - effects.received,
          wrongTransitions: effects.workersWithWrongTransitions, replyCountsPerWorker: effects.outboundPerWorker.join('/'),
          replies: replies.outbound, repliesSent: replies.sent, pending: outbox.pending, providerSends: sends, extraSends, markedInDoubt: outbox.markedInDoubt,
          repliesStoppedMs: firstReplyAfter === undefined ? 'never resumed' : firstReplyAfter - stoppedAt,
          resumedAfterPromoteMs: firstReplyAfter === undefined ? 'never' : firstReplyAfter - promotedAt,
        },
        passed:
          answered200 === expected && effects.received === expected && effects.stillQueued === 0 && effects.workersWithWrongTransitions === 0 &&
          effects.outboundPerWorker.length === 1 && outbox.pending === 0 && replies.sent === replies.outbound && extraSends >= 0 && extraSends <= outbox.markedInDoubt,
        seconds: Math.round((performance.now() - started) / 1000),
      };
    } finally {
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    await database.close();
    standby.destroy();
    primary.destroy();
  }
}
