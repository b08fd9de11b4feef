import type { SentInbound } from './measureReplyLatency';
import { postCloudApiText, type WebhookTarget } from './postCloudApiWebhook';

/** What the open loop asks of its poster thread. */
export interface PostingPlan {
  target: WebhookTarget;
  /** The k-th answer goes to phones[k mod n]. */
  phones: string[];
  perSecond: number;
  total: number;
}

/** What the poster thread answers once every webhook was answered (or failed). */
export interface PostingOutcome {
  sent: SentInbound[];
  webhookMs: number[];
  failed: number;
  /** Epoch ms of the last post. */
  lastPostAt: number;
  /** From the first post to the last. */
  postingSeconds: number;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/**
 * Posts the plan's answers on schedule, the k-th at k / perSecond s. It runs as a process of its
 * own (`runOpenLoop`), so the bench's Graph fake and status webhooks do not hold it back; every
 * answer already due goes at once, so a slow turn of this loop does not lower the rate either.
 */
async function postOnSchedule({ target, phones, perSecond, total }: PostingPlan): Promise<PostingOutcome> {
  const sent: SentInbound[] = [];
  const webhookMs: number[] = [];
  let failed = 0;
  const posts: Promise<void>[] = [];
  const started = performance.now();
  const dueAt = (k: number) => started + (k / perSecond) * 1000;
  for (let k = 0; k < total; ) {
    await sleepUntil(dueAt(k));
    for (const now = performance.now(); k < total && dueAt(k) <= now; k++) {
      const phone = phones[k % phones.length];
      const at = Date.now();
      sent.push({ phone, at });
      posts.push(postCloudApiText(target, phone, '1').then((status) => {
        webhookMs.push(Date.now() - at);
        if (status !== 200) failed++;
      }, () => void failed++));
    }
  }
  const lastPostAt = Date.now();
  const postingSeconds = Math.round(((performance.now() - started) / 1000) * 100) / 100;
  await Promise.all(posts);
  return { sent, webhookMs, failed, lastPostAt, postingSeconds };
}

// Run by `runOpenLoop` with an IPC channel: one plan in, its outcome out, then exit.
process.once('message', (plan: PostingPlan) => {
  void postOnSchedule(plan).then((outcome) => process.send?.(outcome, () => process.exit(0)));
});
