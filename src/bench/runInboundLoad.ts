import twilio from 'twilio';
import type { BenchOrganization } from './setupBenchOrganization';
import { runConcurrently, summarizeLatencies, type RunFigures } from './latencySummary';

/** Answers the journey as the workers would: signed Twilio webhooks, each worker's messages in order. */
export async function runInboundLoad(
  engineUrl: string,
  publicUrl: string,
  bench: BenchOrganization,
  workers: { phone: string }[],
  answers: number,
  concurrency: number,
): Promise<RunFigures> {
  const path = `/webhooks/twilio/${bench.channelId}`;
  const texts = ['1', '1', 'It went well', 'thanks', 'ok'];
  const latencies: number[] = [];
  let failed = 0;
  let sequence = 0;
  const started = performance.now();
  await runConcurrently(workers.length, concurrency, async (index) => {
    for (let answer = 0; answer < answers; answer++) {
      const params = {
        MessageSid: `SMbench${process.pid}${String(sequence++).padStart(12, '0')}`,
        From: `whatsapp:${workers[index].phone}`,
        To: `whatsapp:${bench.businessNumber}`,
        Body: texts[answer % texts.length],
        NumMedia: '0',
        ProfileName: 'Bench',
      };
      const signature = twilio.getExpectedTwilioSignature(bench.authToken, `${publicUrl}${path}`, params);
      const sent = performance.now();
      const response = await fetch(`${engineUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (response.status !== 200) failed++;
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
