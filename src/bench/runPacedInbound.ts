import type { SentInbound } from './measureReplyLatency';
import { postJourneyAnswer } from './runInboundLoad';
import type { BenchOrganization } from './setupBenchOrganization';

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/**
 * Workers answer the journey at a steady `perSecond` messages a second (the k-th message at
 * k / perSecond seconds, whatever the engine answers; each worker's answers in order), so the
 * reply latency measured over it is the engine's, not a queue built up by overload.
 * Returns what was sent, to match replies to.
 */
export async function runPacedInbound(
  engineUrl: string,
  publicUrl: string,
  bench: BenchOrganization,
  workers: { phone: string }[],
  answers: number,
  perSecond: number,
): Promise<{ sent: SentInbound[]; failed: number }> {
  const sent: SentInbound[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    workers.map(async (worker, index) => {
      for (let answer = 0; answer < answers; answer++) {
        await sleepUntil(started + ((answer * workers.length + index) / perSecond) * 1000);
        sent.push({ phone: worker.phone, at: Date.now() });
        if ((await postJourneyAnswer(engineUrl, publicUrl, bench, worker.phone, answer)) !== 200) failed++;
      }
    }),
  );
  return { sent, failed };
}
