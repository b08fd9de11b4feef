import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { createBaileysChannel } from './baileysWorld';
import { leaseTestTiming } from './leaseTestTiming';

interface Line { event: 'started' | 'open' | 'closed' | 'stopped'; holder: string; channelId: string; at: number }

const script = fileURLToPath(new URL('./runLeaseInstance.ts', import.meta.url));

/**
 * Two real processes run the Baileys channels on one database, in real time with a 1.5 s lease.
 * Each prints when it opens or closes a (fake) socket; the test reads both logs.
 */
describe('the lease across two processes', () => {
  let db: TestDatabase;
  const lines: Line[] = [];
  const children: ChildProcess[] = [];
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.destroy();
  });

  function launch(holder: string): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DATABASE_URL: db.url, HOLDER: holder },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Line);
    });
    children.push(child);
    return child;
  }

  async function until(check: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out; lines so far: ${JSON.stringify(lines)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const opened = (holder: string) => lines.filter((l) => l.event === 'open' && l.holder === holder);

  it('one socket while both run; the survivor takes over within the lease time after the holder is killed', async () => {
    const channel = await createBaileysChannel(db);
    const a = launch('process-a');
    await until(() => opened('process-a').length === 1, 20_000);
    launch('process-b');
    await until(() => lines.some((l) => l.event === 'started' && l.holder === 'process-b'), 20_000);
    // Both run for ten heartbeats: B never opens.
    await new Promise((resolve) => setTimeout(resolve, 10 * leaseTestTiming.heartbeatMs));
    expect(opened('process-b')).toHaveLength(0);
    expect(opened('process-a')).toHaveLength(1);

    const killedAt = Date.now();
    a.kill('SIGKILL');
    await until(() => opened('process-b').length === 1, 10_000);
    const takeover = opened('process-b')[0].at - killedAt;
    expect(opened('process-b')[0].channelId).toBe(channel.id);
    // Bounded: the lease time after the last heartbeat, plus one tick, plus slack for a loaded machine.
    expect(takeover).toBeLessThanOrEqual(leaseTestTiming.leaseTtlMs + leaseTestTiming.tickMs + 1_000);
    expect(takeover).toBeGreaterThan(0);
  }, 60_000);

  it('a graceful stop (SIGTERM) hands over without waiting for the lease to run out', async () => {
    const b = children[1];
    const c = launch('process-c');
    await until(() => lines.some((l) => l.event === 'started' && l.holder === 'process-c'), 20_000);
    const stoppedAt = Date.now();
    b.kill('SIGTERM');
    await until(() => opened('process-c').length === 1, 10_000);
    const closedByB = lines.find((l) => l.event === 'closed' && l.holder === 'process-b');
    expect(closedByB).toBeDefined();
    expect(opened('process-c')[0].at).toBeGreaterThanOrEqual(closedByB!.at);
    expect(opened('process-c')[0].at - stoppedAt).toBeLessThan(leaseTestTiming.leaseTtlMs);
    c.kill('SIGTERM');
  }, 60_000);
});
