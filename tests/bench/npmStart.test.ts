import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngineProcess } from '../../src/bench/startEngineProcess';
import { demoIds } from '../../src/demo/seedDemo';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const { url } = useEmptyDatabase('npm_start');
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-npm-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The resident memory of a process now, MB (Linux VmRSS). */
function residentMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
}

async function sentReplies(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from messages where direction = 'outbound' and status = 'sent'`);
  return rows[0].n;
}

describe('npm start (the engine bundled into dist/ by scripts/build.mjs)', () => {
  it('migrates an empty database, seeds the demo, sends a reply from its background thread, and runs with no TypeScript loader', async () => {
    const adminToken = randomBytes(16).toString('hex');
    // The bench's way in: npm start's node options on the build, made first (as npm's prestart does).
    const engine = await startEngineProcess({ DATABASE_URL: url, DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: 'warn', ENCRYPTION_KEY: randomBytes(32).toString('base64'), ADMIN_TOKEN: adminToken });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const before = await sentReplies(client);
      const answer = await fetch(`${engine.url}/console/${demoIds.consoleChannel}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+15550000101', text: '1' }),
      });
      expect(answer.status).toBe(200);
      // The background thread's dispatcher sends the step's reply (a wait for it, not a timing).
      for (let tries = 0; tries < 600 && (await sentReplies(client)) === before; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await sentReplies(client)).toBeGreaterThan(before);
      // Memory, not time: run through tsx, the same engine (migrated, demo seeded) held 265 MB here
      // (each thread's loader is a V8 isolate of its own, beside the TypeScript it compiles); built, 201–214 MB.
      expect(residentMb(engine.pid)).toBeLessThan(235);
    } finally {
      await client.end();
      await engine.stop();
    }
  }, 240_000);
});
