import { randomBytes } from 'node:crypto';
import type { BenchOrganization } from './setupBenchOrganization';
import { runConcurrently, summarizeLatencies, type RunFigures } from './latencySummary';
import { postTwilioMessage } from './postTwilioMessage';

const journeyAnswers = ['1', '1', 'It went well', 'thanks', 'ok'];

/** Posts a worker's `answer`-th answer to the onboarding journey as a signed Twilio webhook; returns the HTTP status. */
export async function postJourneyAnswer(engineUrl: string, publicUrl: string, bench: BenchOrganization, phone: string, answer: number): Promise<number> {
  return postTwilioMessage(engineUrl, publicUrl, bench, {
    phone,
    text: journeyAnswers[answer % journeyAnswers.length],
    // Unique across the runs of one bench: the engine drops a message id it has seen.
    messageSid: `SM${randomBytes(16).toString('hex')}`,
  });
}

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
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await runConcurrently(workers.length, concurrency, async (index) => {
    for (let answer = 0; answer < answers; answer++) {
      const sent = performance.now();
      onSent(workers[index].phone, Date.now());
      const status = await postJourneyAnswer(engineUrl, publicUrl, bench, workers[index].phone, answer);
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
