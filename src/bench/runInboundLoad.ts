import { randomBytes } from 'node:crypto';
import type { BenchOrganization } from './setupBenchOrganization';
import { runConcurrently, summarizeLatencies, type RunFigures } from './latencySummary';
import { postTwilioMessage } from './postTwilioMessage';

/** Answers the journey as the workers would: signed Twilio webhooks, each worker's messages in order. */
export async function runInboundLoad(
  engineUrl: string,
  publicUrl: string,
  bench: BenchOrganization,
  workers: { phone: string }[],
  answers: number,
  concurrency: number,
  /** Told of each message posted (worker phone, epoch ms), to match replies to it. */
  onSent: (phone: string, at: number) => void = () => undefined,
): Promise<RunFigures> {
  const texts = ['1', '1', 'It went well', 'thanks', 'ok'];
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await runConcurrently(workers.length, concurrency, async (index) => {
    for (let answer = 0; answer < answers; answer++) {
      const sent = performance.now();
      onSent(workers[index].phone, Date.now());
      const status = await postTwilioMessage(engineUrl, publicUrl, bench, {
        phone: workers[index].phone,
        text: texts[answer % texts.length],
        // Unique across the runs of one bench: the engine drops a message id it has seen.
        messageSid: `SM${randomBytes(16).toString('hex')}`,
      });
      latencies.push(performance.now() - sent);
      if (status !== 200) failed++;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    messages: latencies.length,
    failed,
    seconds: Math.round(seconds * 100) / 100,
    messagesPerSecond: Math.round(latencies.length / seconds),
    latencyMs: summarizeLatencies(latencies),
  };
}
