import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../src/startEngine';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const ENCRYPTION_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
let db: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-background-priority-'));

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A thread's nice value from its /proc stat line (field 19, counted after the name in parentheses). */
const niceOf = (statPath: string) => {
  const stat = readFileSync(statPath, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};
/** Threads of this process at the background thread's nice value. */
const threadsBelowNormal = () => readdirSync('/proc/self/task').filter((tid) => niceOf(`/proc/self/task/${tid}/stat`) === constants.priority.PRIORITY_BELOW_NORMAL).length;

describe.runIf(process.platform === 'linux')('the background thread yields the CPU to the webhooks (real PostgreSQL)', () => {
  it('runs at a lower priority than the main thread, which keeps its own', async () => {
    // This test's thread is the engine's main thread, where webhooks are answered.
    const mainNice = niceOf('/proc/thread-self/stat');
    const before = threadsBelowNormal();
    const engine = await startEngine({
      ...db.engineEnv, DATA_DIR: dataDir, DEMO: 'false', PORT: '0', LOG_LEVEL: 'silent', ENCRYPTION_KEY, PUBLIC_URL: 'https://priority.invalid', BACKGROUND_THREAD: 'on',
    });
    try {
      expect(mainNice).toBeLessThan(constants.priority.PRIORITY_BELOW_NORMAL);
      expect(threadsBelowNormal()).toBe(before + 1);
      expect(niceOf('/proc/thread-self/stat')).toBe(mainNice);
    } finally {
      await engine.stop();
    }
  }, 60_000);
});
