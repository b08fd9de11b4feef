import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/startEngine';
import { buildTwilioInboundForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { TEST_PUBLIC_URL, testSecretBox } from '../support/httpWorld';
import { twilioTestChannel } from '../support/testChannels';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// The key testSecretBox seals with, so that the engine opens the channel's auth token.
const ENCRYPTION_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const { authToken, businessNumber, world: channelOptions } = twilioTestChannel();
let db: TestDatabase;
let world: EngineWorld;
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-background-'));

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding', ...channelOptions, secretsCiphertext: (id) => testSecretBox.seal(channelOptions.secrets, id) });
});
afterAll(async () => {
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Blocks this thread's event loop: nothing scheduled on it runs meanwhile. */
function blockThisThread(until: number): void {
  while (Date.now() < until) {
    // busy on purpose
  }
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 50) {
    if (waited > 10_000) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the background thread (real PostgreSQL)', () => {
  // The control: with BACKGROUND_THREAD=off the same test sees nothing processed while this thread is blocked.
  it.each([
    { mode: 'on', processedWhileBlocked: 1 },
    { mode: 'off', processedWhileBlocked: 0 },
  ])('BACKGROUND_THREAD=$mode: a webhook is acknowledged while its step is held, and the step runs while the main thread is blocked: $processedWhileBlocked', async ({ mode, processedWhileBlocked }) => {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    const engine = await startEngine({
      ...db.engineEnv,
      DATA_DIR: dataDir,
      DEMO: 'false',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY,
      PUBLIC_URL: TEST_PUBLIC_URL,
      // Replies fail at once (nothing listens there) and are retried later: this test is about the inbound side.
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      BACKGROUND_THREAD: mode,
    });
    const holder = new pg.Client({ connectionString: db.directUrl });
    const watcher = new pg.Client({ connectionString: db.directUrl });
    try {
      await holder.connect();
      await watcher.connect();
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      const form = buildTwilioInboundForm({ from: worker.phoneNumber!, to: businessNumber, body: 'hello' });
      const started = Date.now();
      // The server runs this on its own: it holds the worker's rows 1.5 s (the step waits on them),
      // then 5 s later answers whether the step committed, whatever this thread does meanwhile (the
      // background thread runs at nice 10: on a machine busy with other test files it needs seconds).
      const evidence = holder.query(`begin;
        select 1 from workers where id = '${worker.id}' for update;
        select 1 from conversations where worker_id = '${worker.id}' for update;
        select pg_sleep(1.5);
        commit;
        select pg_sleep(5);
        select count(*)::int as n from messages where provider_message_id = '${form.MessageSid}'`) as unknown as Promise<pg.QueryResult<{ n: number }>[]>;
      const holdsTheRows = async () => (await watcher.query(`select 1 from pg_stat_activity where pid = $1 and backend_xid is not null`, [holderPid])).rowCount === 1;
      await waitUntil(holdsTheRows);

      const route = `/webhooks/twilio/${world.channel.id}`;
      const signed = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${route}`, form);
      const response = await fetch(`${engine.url}${route}`, { method: 'POST', headers: signed.headers, body: signed.body });
      expect(response.status).toBe(200);
      // Acknowledged while the step still waits for the worker's rows.
      expect(await holdsTheRows()).toBe(true);
      blockThisThread(started + 8_000);

      const results = await evidence;
      expect(results.at(-1)?.rows[0].n).toBe(processedWhileBlocked);
      // Either way the acknowledged message is processed.
      await waitUntil(async () => (await watcher.query(`select 1 from messages where provider_message_id = $1`, [form.MessageSid])).rowCount === 1);
      await waitUntil(async () => (await watcher.query(`select 1 from inbound_queue`)).rowCount === 0);
    } finally {
      await holder.end();
      await watcher.end();
      await engine.stop();
    }
  }, 60_000);
});
