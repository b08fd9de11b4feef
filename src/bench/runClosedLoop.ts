import { summarizeLatencies, type LatencySummary } from './latencySummary';
import { postCloudApiText, type WebhookTarget } from './postCloudApiWebhook';
import type { BenchGraphApi } from './startBenchGraphApi';
import { REPLIES_PER_ANSWER, trackReplies, type ReplyTracker } from './trackReplies';

/** One closed-loop run: every worker answers the quiz, each answer as soon as the previous one's replies arrived. */
export interface ClosedLoopFigures {
  /** Workers answering at once. */
  workers: number;
  /** Journeys played (each by its own worker): `workers` at once, the next one starting as one ends. */
  journeys: number;
  /** Answers acknowledged by the webhook. */
  messages: number;
  failed: number;
  journeysDone: number;
  /** Until the last journey ended, or the cap. */
  seconds: number;
  messagesPerSecond: number;
  webhookMs: LatencySummary;
  /** From posting an answer to its first reply reaching the Graph fake. */
  replyMs: LatencySummary & { unanswered: number };
  statusWebhooks: { posted: number; failed: number };
}

/** Waits until every worker got the welcome and the first question (sent on enrollment), at most `limitMs`. */
export async function untilOpeningsSent(tracker: ReplyTracker, phones: string[], limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (Date.now() < until && phones.some((phone) => tracker.sentTo(phone) < 2)) await new Promise((resolve) => setTimeout(resolve, 200));
}

/**
 * Drives `phones` through flows/bench-quiz.yaml against the engine or the floor with signed Cloud
 * API webhooks, closed loop, `concurrency` of them at once (a worker's journey starts as another
 * ends), until every journey ended or `capSeconds` passed.
 */
export async function runClosedLoop(
  target: WebhookTarget,
  graph: BenchGraphApi,
  phones: string[],
  capSeconds: number,
  /** Called once the opening messages are out, when the measured run starts. */
  onStart: () => Promise<void> = async () => undefined,
  concurrency = phones.length,
): Promise<ClosedLoopFigures> {
  const tracker = trackReplies(graph, target);
  await untilOpeningsSent(tracker, phones, 120_000);
  await onStart();
  const webhook: number[] = [];
  const reply: number[] = [];
  let failed = 0;
  let unanswered = 0;
  let journeysDone = 0;
  const started = performance.now();
  const deadline = Date.now() + capSeconds * 1000;
  const playJourney = async (phone: string) => {
    for (const replies of REPLIES_PER_ANSWER) {
      if (Date.now() >= deadline) return;
      const sentAt = Date.now();
      const replied = tracker.expect(phone, replies, deadline);
      const status = await postCloudApiText(target, phone, '1');
      webhook.push(Date.now() - sentAt);
      if (status !== 200) failed++;
      const firstReplyAt = await replied;
      if (firstReplyAt === null) {
        unanswered++;
        return;
      }
      reply.push(firstReplyAt - sentAt);
    }
    journeysDone++;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, phones.length) }, async () => {
      while (next < phones.length && Date.now() < deadline) await playJourney(phones[next++]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  tracker.stop();
  return {
    workers: Math.min(concurrency, phones.length),
    journeys: phones.length,
    messages: webhook.length - failed,
    failed,
    journeysDone,
    seconds: Math.round(seconds * 100) / 100,
    messagesPerSecond: Math.round((webhook.length - failed) / seconds),
    webhookMs: summarizeLatencies(webhook),
    replyMs: { ...summarizeLatencies(reply), unanswered },
    statusWebhooks: tracker.statuses(),
  };
}
