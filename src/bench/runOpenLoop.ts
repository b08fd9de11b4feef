import { summarizeLatencies, type LatencySummary } from './latencySummary';
import { measureReplyLatency, type SentInbound } from './measureReplyLatency';
import { postCloudApiText, type WebhookTarget } from './postCloudApiWebhook';
import type { BenchGraphApi } from './startBenchGraphApi';
import { untilOpeningsSent } from './runClosedLoop';
import { REPLIES_PER_ANSWER, trackReplies } from './trackReplies';

/** Webhooks at a fixed rate whatever the replies: how fast the provider is answered, and how long the backlog takes to drain. */
export interface OpenLoopFigures {
  perSecond: number;
  messages: number;
  failed: number;
  /** From the first post to the last. */
  postingSeconds: number;
  webhookMs: LatencySummary;
  replyMs: LatencySummary & { unanswered: number };
  /** From the last post to the last reply reaching the Graph fake (capped), ms. */
  drainMs: number;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** Workers needed for `perSecond` × `seconds` answers (each answers the whole quiz). */
export const openLoopWorkers = (perSecond: number, seconds: number) => Math.ceil((perSecond * seconds) / REPLIES_PER_ANSWER.length);

/**
 * Posts the quiz's answers at `perSecond` (the k-th at k / perSecond s, worker k mod n, so each
 * worker's answers go in order, far apart), then waits up to `drainCapSeconds` for every reply.
 */
export async function runOpenLoop(
  target: WebhookTarget,
  graph: BenchGraphApi,
  phones: string[],
  perSecond: number,
  drainCapSeconds: number,
  /** Called once the opening messages are out, when the measured run starts. */
  onStart: () => Promise<void> = async () => undefined,
): Promise<OpenLoopFigures> {
  const tracker = trackReplies(graph, target);
  await untilOpeningsSent(tracker, phones, 120_000);
  await onStart();
  const sendsBefore = graph.sends.length;
  const total = phones.length * REPLIES_PER_ANSWER.length;
  const expectedReplies = phones.length * REPLIES_PER_ANSWER.reduce((sum, n) => sum + n, 0);
  const sent: SentInbound[] = [];
  const webhook: number[] = [];
  let failed = 0;
  const started = performance.now();
  const posts: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    await sleepUntil(started + (k / perSecond) * 1000);
    const phone = phones[k % phones.length];
    const at = Date.now();
    sent.push({ phone, at });
    posts.push(postCloudApiText(target, phone, '1').then((status) => {
      webhook.push(Date.now() - at);
      if (status !== 200) failed++;
    }, () => void failed++));
  }
  const lastPostAt = Date.now();
  const postingSeconds = (performance.now() - started) / 1000;
  await Promise.all(posts);
  const drainDeadline = lastPostAt + drainCapSeconds * 1000;
  const replies = () => graph.sends.length - sendsBefore;
  while (replies() < expectedReplies && Date.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
  tracker.stop();
  const calls = graph.sends.slice(sendsBefore).filter((send) => send.phoneNumberId === target.phoneNumberId);
  return {
    perSecond,
    messages: sent.length,
    failed,
    postingSeconds: Math.round(postingSeconds * 100) / 100,
    webhookMs: summarizeLatencies(webhook),
    replyMs: measureReplyLatency(sent, calls),
    drainMs: Math.max(0, tracker.lastSendAt() - lastPostAt),
  };
}
