import type { MikroORM } from '@mikro-orm/postgresql';
import { postTwilioMessage, type TwilioMessage } from '../bench/postTwilioMessage';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { runConcurrently } from '../bench/latencySummary';
import { checkInboundEffects } from './checkInboundEffects';
import type { DrillVerdict } from './drillVerdict';

/** Fisher–Yates, so that deliveries arrive in a random order. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Every message delivered `copies` times, the whole lot shuffled (a worker's messages may arrive
 * out of order, and retries may overtake originals), sent concurrently. Each distinct message
 * must have exactly one effect.
 */
export async function duplicateDeliveriesDrill(
  orm: MikroORM,
  bench: BenchOrganization,
  engineUrl: string,
  publicUrl: string,
  copies: number,
): Promise<DrillVerdict> {
  const started = performance.now();
  const messages: TwilioMessage[] = bench.workers.flatMap((worker) =>
    ['1', '1', 'It went well'].map((text, step) => ({ phone: worker.phone, text, messageSid: `SMdup${worker.phone.slice(1)}${step}` })),
  );
  const deliveries = shuffle(messages.flatMap((message) => Array.from({ length: copies }, () => message)));
  let answered200 = 0;
  await runConcurrently(deliveries.length, 32, async (index) => {
    if ((await postTwilioMessage(engineUrl, publicUrl, bench, deliveries[index])) === 200) answered200++;
  });
  const effects = await checkInboundEffects(orm, bench.organizationId);
  return {
    drill: `duplicate and reordered deliveries (×${copies})`,
    checked: 'each distinct message stored and applied once; every copy answered 200',
    counts: { distinct: messages.length, delivered: deliveries.length, answered200, duplicates: deliveries.length - messages.length, received: effects.received, lost: messages.length - effects.received, wrongTransitions: effects.workersWithWrongTransitions },
    passed: answered200 === deliveries.length && effects.received === messages.length && effects.workersWithWrongTransitions === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}
