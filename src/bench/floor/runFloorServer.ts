import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../db/embedded/startEmbeddedPostgres';
import { floorStatements, type FloorStatement } from './floorStatements';
import { FLOOR_BADGE, floorStep } from './floorJourney';
import { startFloorSender } from './floorSender';

/**
 * The bench's floor: a minimal durable WhatsApp server doing the engine's per-message work for
 * flows/bench-quiz.yaml on the same tables (the points each answer earns included: ledger rows,
 * balance and week total, as the engine's default rules award them), the way a hand-written server would (a `pg` pool,
 * named prepared statements, one transaction per message, replies claimed and sent in batches,
 * statuses written back, kept until their message's send is recorded when they arrive first). Started by the bench with its settings in the environment.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`the floor needs ${name}`);
  return value;
};
const organizationId = env('FLOOR_ORGANIZATION_ID');
const channelId = env('FLOOR_CHANNEL_ID');
const appSecret = env('FLOOR_APP_SECRET');
const touchpoints = env('FLOOR_TOUCHPOINTS').split(',');
const embedded = process.env.FLOOR_DATABASE_URL ? undefined : await startEmbeddedPostgres(env('FLOOR_DATA_DIR'));
const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL ?? embedded?.url, max: Number(process.env.FLOOR_POOL_SIZE ?? 10) });
const sender = startFloorSender(pool, { organizationId, channelId, sendUrl: `${env('FLOOR_GRAPH_BASE_URL')}/${env('FLOOR_PHONE_NUMBER_ID')}/messages`, batch: 50 });

type Run = (name: FloorStatement, values: unknown[]) => Promise<pg.QueryResult>;
const runOn = (client: pg.PoolClient | pg.Pool): Run => (name, values) => client.query({ name, text: floorStatements[name], values });

interface Inbound { from: string; id: string; text?: { body: string }; interactive?: { button_reply?: { title: string } } }
interface Status { id: string; status: string }

/** One answer, in one transaction: lock worker and conversation, dedupe, snapshot, progress, replies, points, badge. */
async function handleMessage(message: Inbound): Promise<void> {
  const client = await pool.connect();
  const run = runOn(client);
  try {
    await client.query('begin');
    const { rows: [worker] } = await run('lockWorker', [organizationId, `+${message.from}`]);
    const text = message.text?.body ?? message.interactive?.button_reply?.title ?? '';
    const inserted = worker ? await run('insertInbound', [organizationId, channelId, worker.worker_id, worker.conversation_id, text, message.id]) : undefined;
    if (!worker || inserted?.rowCount === 0) {
      await client.query('rollback');
      return;
    }
    const progress = (worker.snapshot.floor ?? { question: 0, score: 0 }) as { question: number; score: number };
    const step = floorStep(progress.question, text, progress.score);
    const score = progress.score + (step.correct ? 1 : 0);
    await run('saveSnapshot', [organizationId, worker.conversation_id, JSON.stringify({ ...worker.snapshot, floor: { question: progress.question + 1, score } }), step.finished ? 'completed' : 'active']);
    await run('recordAnswer', [organizationId, worker.worker_assignment_id, touchpoints[step.question], text, step.correct ? 1 : 0, step.correct]);
    await run('queueReplies', [organizationId, channelId, worker.worker_id, worker.conversation_id, step.replies]);
    await run('recordPoints', [organizationId, worker.worker_id, worker.program_id, `${worker.worker_assignment_id}:${touchpoints[step.question]}`,
      step.points.map((entry) => entry.kind), step.points.map((entry) => entry.points)]);
    if (step.finished) await run('awardBadge', [organizationId, worker.worker_id, FLOOR_BADGE]);
    await client.query('commit');
    sender.wake();
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

const chains = new Map<string, Promise<void>>();
/** Each worker's messages in arrival order; different workers in parallel. */
function inOrder(phone: string, work: () => Promise<void>): Promise<void> {
  const next = (chains.get(phone) ?? Promise.resolve()).then(work);
  const settled = next.catch(() => undefined);
  chains.set(phone, settled);
  void settled.then(() => chains.get(phone) === settled && chains.delete(phone));
  return next;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function signedBy(raw: Buffer, header: string | string[] | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`);
  const given = Buffer.from(typeof header === 'string' ? header : '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = createServer(async (request, response) => {
  try {
    if (request.method === 'GET' && request.url === '/readyz') return void response.writeHead(200).end('ok');
    const raw = await readBody(request);
    if (request.method !== 'POST' || request.url !== `/webhooks/whatsapp/${channelId}`) return void response.writeHead(404).end();
    if (!signedBy(raw, request.headers['x-hub-signature-256'])) return void response.writeHead(401).end();
    const body = JSON.parse(raw.toString('utf8')) as { entry: { changes: { value: { messages?: Inbound[]; statuses?: Status[] } }[] }[] };
    const values = body.entry.flatMap((entry) => entry.changes.map((change) => change.value));
    const run = runOn(pool);
    await Promise.all([
      ...values.flatMap((value) => value.messages ?? []).map((message) => inOrder(message.from, () => handleMessage(message))),
      ...values.flatMap((value) => value.statuses ?? []).map(async (status) => {
        const kept = await run('recordStatus', [organizationId, channelId, status.id, status.status]);
        if (kept.rowCount) sender.statusKept();
      }),
    ]);
    response.writeHead(200).end();
  } catch (error) {
    console.error('floor:', error);
    response.writeHead(500).end();
  }
});
server.listen(Number(env('PORT')), '127.0.0.1');
process.once('SIGTERM', async () => {
  server.close();
  await sender.stop();
  await pool.end();
  await embedded?.stop();
  process.exit(0);
});
