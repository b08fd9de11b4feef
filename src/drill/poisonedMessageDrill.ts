import { setTimeout as sleep } from 'node:timers/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { postTwilioMessage, type TwilioMessage } from '../bench/postTwilioMessage';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { runConcurrently } from '../bench/latencySummary';
import { checkInboundEffects } from './checkInboundEffects';
import type { DrillVerdict } from './drillVerdict';

/**
 * Every worker plays three messages in order, all workers at once; in the middle of the stream one
 * worker's message carries U+0000 (which PostgreSQL cannot store). That message is stored
 * stripped or refused with a 4xx, never a 5xx; every other message is answered 200 and applied
 * once, at once (none left waiting in the spool behind the poisoned one).
 */
export async function poisonedMessageDrill(orm: MikroORM, bench: BenchOrganization, engineUrl: string, publicUrl: string): Promise<DrillVerdict> {
  const started = performance.now();
  const poisoned = bench.workers[Math.floor(bench.workers.length / 2)].phone;
  const streams: TwilioMessage[][] = bench.workers.map((worker) =>
    ['1', '1', 'It went well'].map((text, step) => ({
      phone: worker.phone,
      text: worker.phone === poisoned && step === 1 ? `${text}\u0000` : text,
      messageSid: `SMnul${worker.phone.slice(1)}${step}`,
    })),
  );
  const healthy = streams.length * 3 - 1;
  let healthy200 = 0;
  let poisonedStatus = 0;
  await runConcurrently(streams.length, 16, async (index) => {
    for (const message of streams[index]) {
      const status = await postTwilioMessage(engineUrl, publicUrl, bench, message);
      if (message.text.includes('\u0000')) poisonedStatus = status;
      else if (status === 200) healthy200++;
    }
  });
  // Entries spooled for a passing hiccup are replayed within a second: a few seconds' grace, no more.
  let effects = await checkInboundEffects(orm, bench.organizationId);
  for (let waited = 0; effects.received < healthy && waited < 5; waited++) {
    await sleep(1_000);
    effects = await checkInboundEffects(orm, bench.organizationId);
  }
  const poisonedStored = effects.received - healthy;
  return {
    drill: 'a poisoned inbound message (U+0000) in the middle of a stream',
    checked: 'every other message answered 200 and applied once; the poisoned one stored stripped or refused with a 4xx, never a 5xx',
    counts: { workers: streams.length, healthy, healthy200, poisonedStatus, received: effects.received, poisonedStored, wrongTransitions: effects.workersWithWrongTransitions },
    passed:
      healthy200 === healthy &&
      (poisonedStored === 1 ? poisonedStatus === 200 : poisonedStored === 0 && poisonedStatus >= 400 && poisonedStatus < 500) &&
      effects.workersWithWrongTransitions === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}
