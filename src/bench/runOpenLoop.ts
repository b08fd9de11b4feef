import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarizeLatencies, type LatencySummary } from './latencySummary';
import { measureReplyLatency } from './measureReplyLatency';
import type { WebhookTarget } from './postCloudApiWebhook';
import type { PostingOutcome, PostingPlan } from './postOnSchedule';
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
  /** From each webhook's scheduled time to its answer. */
  webhookMs: LatencySummary;
  /** The driver itself: how late it posted after the schedule, its CPU per webhook (ms), the connections it opened while posting. */
  driver: Pick<PostingOutcome, 'lateMs' | 'cpuMsPerPost' | 'newConnections'>;
  replyMs: LatencySummary & { unanswered: number };
  /** From the last post to the last reply reaching the Graph fake (capped), ms. */
  drainMs: number;
}

/** Runs `postOnSchedule.ts` as a process of its own and answers its outcome. */
function postInOwnProcess(plan: PostingPlan): Promise<PostingOutcome> {
  return new Promise((resolve, reject) => {
    const poster = fork(fileURLToPath(new URL('./postOnSchedule.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
    poster.once('message', (outcome: PostingOutcome) => resolve(outcome));
    poster.once('error', reject);
    poster.once('exit', (code) => reject(new Error(`the open loop's poster exited with code ${code} before answering`)));
    poster.send(plan);
  });
}

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
  const { sent, webhookMs, lateMs, cpuMsPerPost, newConnections, failed, lastPostAt, postingSeconds } = await postInOwnProcess({ target, phones, perSecond, total });
  const drainDeadline = lastPostAt + drainCapSeconds * 1000;
  const replies = () => graph.sends.length - sendsBefore;
  while (replies() < expectedReplies && Date.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
  tracker.stop();
  const calls = graph.sends.slice(sendsBefore).filter((send) => send.phoneNumberId === target.phoneNumberId);
  return {
    perSecond,
    messages: sent.length,
    failed,
    postingSeconds,
    webhookMs: summarizeLatencies(webhookMs),
    driver: { lateMs, cpuMsPerPost, newConnections },
    replyMs: measureReplyLatency(sent, calls),
    drainMs: Math.max(0, tracker.lastSendAt() - lastPostAt),
  };
}
