import { Agent, request } from 'node:http';
import { summarizeLatencies, type LatencySummary } from './latencySummary';
import type { SentInbound } from './measureReplyLatency';
import { signedCloudApiText, WEBHOOK_TIMEOUT_MS, type SignedWebhook, type WebhookTarget } from './postCloudApiWebhook';

/** What the open loop asks of its poster process. */
export interface PostingPlan {
  target: WebhookTarget;
  /** The k-th answer goes to phones[k mod n]. */
  phones: string[];
  perSecond: number;
  total: number;
}

/** What the poster answers once every webhook was answered (or failed). */
export interface PostingOutcome {
  /** Each webhook's worker and its scheduled time (epoch ms). */
  sent: SentInbound[];
  /** From each webhook's scheduled time to its answer, ms: what a provider posting on schedule waits. */
  webhookMs: number[];
  /** How late each webhook left the poster after its scheduled time, ms: the driver's own share of `webhookMs`. */
  lateMs: LatencySummary;
  failed: number;
  /** Epoch ms of the last post. */
  lastPostAt: number;
  /** From the first post to the last. */
  postingSeconds: number;
  /** The poster's own CPU per webhook (posting and reading the answers), ms. */
  cpuMsPerPost: number;
  /** Connections the poster had to open while posting, beyond those opened before (a server that closed kept-alive ones). */
  newConnections: number;
}

/**
 * Connections to each server, all opened before the first scheduled webhook: enough for 500 a
 * second answered within 2 s, so the server, not this pool, holds a surge it cannot answer at once. Opening them during the run instead (a socket per webhook
 * in flight, as fetch does) overflows the server's listen backlog while its event loop is busy,
 * and the kernel retries each dropped SYN after 1, 3, 7, 15 s: seconds of webhook latency that are
 * neither the server's work nor a provider's behaviour. Beyond them a webhook waits for a free
 * one, which its time from the schedule counts.
 */
const CONNECTIONS = 1_000;
/** Connections opened at once while warming up. */
const OPENING_AT_ONCE = 50;

const round = (value: number, places = 100) => Math.round(value * places) / places;

/** POSTs one pre-built webhook on a kept-alive connection; resolves with the HTTP status, or 0 when it failed. `onNewConnection` when it needed a connection of its own. */
function postSigned(agent: Agent, { url, headers, body }: SignedWebhook, onNewConnection: () => void): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: WEBHOOK_TIMEOUT_MS }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', () => resolve(0));
    });
    outgoing.once('socket', () => void (outgoing.reusedSocket || onNewConnection()));
    outgoing.once('timeout', () => outgoing.destroy());
    outgoing.once('error', () => resolve(0));
    outgoing.end(body);
  });
}

/**
 * Starts a GET of `url` on the agent; resolves once its answer began (or it failed) with `finish`,
 * which reads the rest. Until then the connection stays taken, so the next GETs need their own.
 */
function startGet(agent: Agent, url: string): Promise<() => Promise<void>> {
  return new Promise((resolve) => {
    const outgoing = request(url, { agent }, (response) => resolve(() => new Promise((done) => response.resume().once('end', done).once('error', done))));
    outgoing.once('error', () => resolve(async () => undefined));
    outgoing.end();
  });
}

/**
 * Opens the agent's `CONNECTIONS` to each server the bodies go to (a `/healthz` each, a few at a
 * time), kept alive for the run. Each answer is read only once every connection is open: a GET
 * answered at once would give its connection back, and the next ones would reuse it instead of
 * opening theirs.
 */
async function openConnections(agent: Agent, bodies: SignedWebhook[]): Promise<void> {
  for (const origin of new Set(bodies.map((body) => new URL(body.url).origin))) {
    const finishes: Array<() => Promise<void>> = [];
    for (let opened = 0; opened < CONNECTIONS; opened += OPENING_AT_ONCE) {
      finishes.push(...(await Promise.all(Array.from({ length: OPENING_AT_ONCE }, () => startGet(agent, `${origin}/healthz`)))));
    }
    await Promise.all(finishes.map((finish) => finish()));
  }
}

/**
 * Posts the plan's answers on schedule, the k-th at k / perSecond s, as a process of its own
 * (`runOpenLoop`), so the bench's Graph fake and status webhooks do not hold it back. The bodies
 * are built and signed, and the connections opened, before the first post; they go out on those
 * kept-alive connections (node:http, lighter than fetch), so the schedule costs the poster little CPU. Every answer already due goes
 * at once, and each webhook is timed from its scheduled time, not from when it left: a late
 * poster neither lowers the rate nor hides the server's delay (coordinated omission); how late
 * the poster itself was is answered beside (`lateMs`).
 */
async function postOnSchedule({ target, phones, perSecond, total }: PostingPlan): Promise<PostingOutcome> {
  const bodies = Array.from({ length: total }, (_, k) => signedCloudApiText(target, phones[k % phones.length], '1'));
  // FIFO: every connection is used in turn, so none idles into the server's keep-alive timeout.
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS, scheduling: 'fifo' });
  await openConnections(agent, bodies);
  const webhookMs: number[] = [];
  const lateMs: number[] = [];
  const sent: SentInbound[] = [];
  let failed = 0;
  const posts: Promise<void>[] = [];
  let newConnections = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const epochAt = (at: number) => Math.round(performance.timeOrigin + at);
  const dueAt = (k: number) => started + (k / perSecond) * 1000;
  for (let k = 0; k < total; ) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt(k) - performance.now())));
    for (const now = performance.now(); k < total && dueAt(k) <= now; k++) {
      const due = dueAt(k);
      sent.push({ phone: phones[k % phones.length], at: epochAt(due) });
      lateMs.push(performance.now() - due);
      posts.push(postSigned(agent, bodies[k], () => void newConnections++).then((status) => {
        webhookMs.push(performance.now() - due);
        if (status !== 200) failed++;
      }));
    }
  }
  const lastPostAt = Date.now();
  const postingSeconds = round((performance.now() - started) / 1000);
  await Promise.all(posts);
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    sent, webhookMs: webhookMs.map((ms) => round(ms, 10)), lateMs: summarizeLatencies(lateMs), failed, lastPostAt, postingSeconds,
    cpuMsPerPost: round((cpu.user + cpu.system) / 1000 / total, 1000),
    newConnections,
  };
}

// Run by `runOpenLoop` with an IPC channel: one plan in, its outcome out, then exit.
process.once('message', (plan: PostingPlan) => {
  void postOnSchedule(plan).then((outcome) => process.send?.(outcome, () => process.exit(0)));
});
