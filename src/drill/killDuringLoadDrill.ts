import type { MikroORM } from '@mikro-orm/postgresql';
import { postTwilioMessage } from '../bench/postTwilioMessage';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { startEngineProcess } from '../bench/startEngineProcess';
import { checkInboundEffects } from './checkInboundEffects';
import { readOutboxState, waitForOutboxDrained } from './checkOutboxDelivered';
import type { DrillVerdict } from './drillVerdict';
import { countInboundQueued, waitForInboundQueueEmpty } from './waitForInboundQueueEmpty';

const script = ['1', '1', 'It went well'];

/**
 * kill -9 the engine at random moments while workers answer, restart it, repeat. Like a
 * provider, each worker resends a message until it is answered 200 (same sid), in order. Every
 * other round the kill comes right after a few acknowledgements, while acknowledged messages
 * still wait in the inbound queue (the backlog at each kill is counted). In the end every message
 * must have moved its conversation exactly once.
 */
export async function killDuringLoadDrill(
  orm: () => Promise<{ orm: MikroORM; close(): Promise<void> }>,
  bench: BenchOrganization,
  engineEnv: Record<string, string>,
  publicUrl: string,
  rounds: number,
  /** Sends the provider fake received so far. */
  providerSends: () => number,
): Promise<DrillVerdict> {
  const started = performance.now();
  const next = new Map(bench.workers.map((worker) => [worker.phone, 0]));
  let attempts = 0;
  let refused = 0;
  let acked = 0;
  let onAck: (() => void) | undefined;
  let backlogAtKills = 0;
  const ackedAtLeast = (target: number, limitMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        onAck = undefined;
        resolve();
      };
      const timer = setTimeout(done, limitMs);
      onAck = () => {
        if (acked >= target) done();
      };
    });
  const playUntilStopped = async (engineUrl: string, stopped: () => boolean) => {
    await Promise.all(bench.workers.map(async (worker) => {
      while (!stopped() && (next.get(worker.phone) ?? 0) < script.length) {
        const step = next.get(worker.phone) ?? 0;
        attempts++;
        const status = await postTwilioMessage(engineUrl, publicUrl, bench, { phone: worker.phone, text: script[step], messageSid: `SMkill${worker.phone.slice(1)}${step}` })
          .catch(() => 0);
        if (status === 200) {
          next.set(worker.phone, step + 1);
          acked++;
          onAck?.();
        } else refused++;
      }
    }));
  };
  const database = await orm();
  for (let round = 0; round < rounds; round++) {
    const engine = await startEngineProcess(engineEnv);
    let killed = false;
    const load = playUntilStopped(engine.url, () => killed);
    if (round % 2 === 1) await ackedAtLeast(acked + 1 + Math.floor(Math.random() * bench.workers.length), 5_000);
    else await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
    await engine.kill();
    killed = true;
    backlogAtKills += await countInboundQueued(database.orm, bench.organizationId);
    await load;
  }
  const engine = await startEngineProcess(engineEnv);
  await playUntilStopped(engine.url, () => false);
  try {
    const stillQueued = await waitForInboundQueueEmpty(database.orm, bench.organizationId, 60_000);
    const outbox = await waitForOutboxDrained(database.orm, bench.organizationId, 60_000);
    // Replies to the workers' own messages are inside their window: each must be sent. (The
    // journey's first messages were decided before the workers wrote and follow the window's rules.)
    const replies = await readOutboxState(database.orm, bench.organizationId, true);
    await engine.stop();
    const effects = await checkInboundEffects(database.orm, bench.organizationId);
    const expected = bench.workers.length * script.length;
    const sends = providerSends();
    return {
      drill: `kill -9 during load, ${rounds} rounds`,
      checked: 'every acknowledged inbound message (some still queued when the engine was killed) moved its conversation exactly once after restarts; every queued reply was sent, none twice except those marked in doubt (a reply in doubt twice is failed, never sent a third time)',
      counts: {
        sent: expected, attempts, refusedOrCut: refused, queuedAtKills: backlogAtKills, stillQueued, received: effects.received, lost: expected - effects.received,
        wrongTransitions: effects.workersWithWrongTransitions, replyCountsPerWorker: effects.outboundPerWorker.join('/'),
        queued: outbox.outbound, pending: outbox.pending, acceptedByProvider: outbox.withProviderId, providerSends: sends,
        markedInDoubt: outbox.markedInDoubt, failedInDoubt: outbox.failedInDoubt, replies: replies.outbound, repliesSent: replies.sent,
        problems: outbox.problems || 'none',
      },
      passed:
        stillQueued === 0 && effects.received === expected && effects.workersWithWrongTransitions === 0 && effects.outboundPerWorker.length === 1 &&
        // Nothing is left unsent; every reply was sent (or failed after a second in-doubt send,
        // never a third); sends beyond one per accepted message are all of messages marked in doubt.
        outbox.pending === 0 && replies.sent + replies.failedInDoubt === replies.outbound &&
        sends >= outbox.withProviderId && sends - outbox.withProviderId <= outbox.markedInDoubt + outbox.failedInDoubt,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await engine.stop();
    await database.close();
  }
}
