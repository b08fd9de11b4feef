import type { BenchGraphApi, GraphSend } from './startBenchGraphApi';
import { postCloudApiDelivered, type WebhookTarget } from './postCloudApiWebhook';

/** Replies flows/bench-quiz.yaml sends to each answer: the next question, then the closing text and the badge. */
export const REPLIES_PER_ANSWER = [1, 1, 1, 1, 1, 2];

export interface ReplyTracker {
  /** Resolves with the first reply's time (epoch ms) once `count` sends reached `phone` after this call, or null at `deadline`. */
  expect(phone: string, count: number, deadline: number): Promise<number | null>;
  /** Sends seen to this phone so far. */
  sentTo(phone: string): number;
  /** Status webhooks posted, and those not answered 200. */
  statuses(): { posted: number; failed: number };
  /** Time of the latest send, epoch ms. */
  lastSendAt(): number;
  stop(): void;
}

/**
 * Watches the Graph fake for `target`'s sends: counts them per worker, wakes a worker waiting
 * for its replies, and answers each with a signed `delivered` status webhook, as Meta does.
 */
export function trackReplies(graph: BenchGraphApi, target: WebhookTarget): ReplyTracker {
  const counts = new Map<string, number>();
  // Sends before the tracker began (the opening messages go out as soon as the server is up) count too.
  for (const send of graph.sends) if (send.phoneNumberId === target.phoneNumberId) counts.set(send.to, (counts.get(send.to) ?? 0) + 1);
  const waiting = new Map<string, { need: number; firstAt: number | null; done: (at: number | null) => void }>();
  let posted = 0;
  let failed = 0;
  let lastAt = 0;
  let active = true;
  graph.onSend((send: GraphSend) => {
    if (!active || send.phoneNumberId !== target.phoneNumberId) return;
    counts.set(send.to, (counts.get(send.to) ?? 0) + 1);
    lastAt = send.at;
    posted++;
    postCloudApiDelivered(target, send.id, send.to).then((status) => void (status !== 200 && failed++), () => void failed++);
    const waiter = waiting.get(send.to);
    if (!waiter) return;
    waiter.firstAt ??= send.at;
    if (--waiter.need <= 0) {
      waiting.delete(send.to);
      waiter.done(waiter.firstAt);
    }
  });
  return {
    expect(phone, count, deadline) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(phone);
          resolve(null);
        }, Math.max(0, deadline - Date.now()));
        waiting.set(phone, { need: count, firstAt: null, done: (at) => (clearTimeout(timer), resolve(at)) });
      });
    },
    sentTo: (phone) => counts.get(phone) ?? 0,
    statuses: () => ({ posted, failed }),
    lastSendAt: () => lastAt,
    stop: () => void (active = false),
  };
}
