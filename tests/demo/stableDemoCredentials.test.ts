import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { demoIds } from '../../src/demo/seedDemo';
import { startEngine } from '../../src/startEngine';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-demo-restart-'));
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = { DATABASE_URL: '', DATA_DIR: dataDir, DEMO: 'true', PORT: '0', LOG_LEVEL: 'silent', ENCRYPTION_KEY: randomBytes(32).toString('hex') };
async function startAndStop() {
  const engine = await startEngine({ ...env, DATABASE_URL: db.url });
  await engine.stop();
  // The port differs between starts (PORT=0): the link's path is what must stay.
  return { adminToken: engine.adminToken, apiKey: engine.demoApiKey, link: engine.demoAdminLink && new URL(engine.demoAdminLink).pathname };
}

describe('npm start on the same database twice', () => {
  it('prints the same admin token, API key and password link, and no link once the password is set', async () => {
    const first = await startAndStop();
    expect(first.apiKey).toMatch(/^ce_/);
    expect(first.link).toContain('/coach/password-reset/');
    const second = await startAndStop();
    expect(second).toEqual(first);

    await scopedSql(asSystem(db.orm.em, 'test: the admin set a password'), `update users set password_hash = 'set' where id = :id`, { id: demoIds.admin });
    await scopedSql(asSystem(db.orm.em, 'test: the key is revoked'), `update api_keys set revoked_at = now() where organization_id = :org`, { org: demoIds.clientOrganization });
    const third = await startAndStop();
    expect(third.link).toBeUndefined();
    expect(third.adminToken).toBe(first.adminToken);
    expect(third.apiKey).toMatch(/^ce_/);
    expect(third.apiKey).not.toBe(first.apiKey);
  }, 120_000);
});
