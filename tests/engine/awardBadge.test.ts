import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { awardBadge } from '../../src/engine/awardBadge';
import { Migration20261206060000_16d_badgesFromBlueprints } from '../../migrations/Migration20261206060000_16d_badgesFromBlueprints';
import { createOrganization, createWorker } from '../support/factories';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let orgId: string;
const em = () => forOrganization(db.orm.em, orgId);
const badgeRows = () =>
  scopedSql<{ key: string; name: string; description: string | null; xmin: string }>(
    em(),
    'select key, name, description, xmin::text from badges where organization_id = :organization_id order by key',
  );

beforeAll(async () => {
  db = await createTestDatabase();
  orgId = (await createOrganization(asSystem(db.orm.em, 'badge test setup'))).id;
  await publishFlows(em(), ['onboarding']);
});
afterAll(() => db?.destroy());

describe('badges', () => {
  it('are created in the catalog when a flow is stored, named in its default language', async () => {
    expect((await badgeRows()).map(({ key, name, description }) => ({ key, name, description }))).toEqual([
      { key: 'first-steps', name: 'First steps', description: 'Finished onboarding' },
      { key: 'quick-learner', name: 'Quick learner', description: null },
    ]);
  });

  it('keep their names in every language of the flow: a badge referenced from the catalog is announced in the worker\'s language', async () => {
    const names = await scopedSql<{ key: string; names: Record<string, string> }>(em(), 'select key, names from badges where organization_id = :organization_id order by key');
    expect(names).toEqual([
      { key: 'first-steps', names: { en: 'First steps', es: 'Primeros pasos' } },
      { key: 'quick-learner', names: { en: 'Quick learner', es: 'Aprendizaje rápido' } },
    ]);
    expect(await awardBadge(em(), (await createWorker(em(), orgId)).id, 'first-steps', null, 'es-MX', Date.now())).toBe('Primeros pasos');
    expect(await awardBadge(em(), (await createWorker(em(), orgId)).id, 'first-steps', null, 'pt', Date.now())).toBe('First steps');
  });

  it('are awarded by inserting the worker row only: the shared badge row is never written', async () => {
    const worker = await createWorker(em(), orgId);
    const before = await badgeRows();
    expect(await awardBadge(em(), worker.id, 'first-steps', null, 'en', Date.now())).toBe('First steps');
    expect(await awardBadge(em(), worker.id, 'first-steps', 'Primeros pasos', 'es', Date.now())).toBeNull();
    expect(await awardBadge(em(), worker.id, 'quick-learner', 'Aprendizaje rápido', 'es', Date.now())).toBe('Aprendizaje rápido');
    expect(await badgeRows()).toEqual(before);
    const held = await scopedSql<{ n: number }>(em(), 'select count(*)::int as n from worker_badges where organization_id = :organization_id and worker_id = :worker', { worker: worker.id });
    expect(held[0].n).toBe(2);
  });

  it('missing for flows stored before are created by the migration, leaving existing ones alone', async () => {
    const worker = await createWorker(em(), orgId);
    await awardBadge(em(), worker.id, 'first-steps', null, 'en', Date.now());
    await scopedSql(em(), `update badges set name = 'Renamed' where organization_id = :organization_id and key = 'first-steps'`);
    await scopedSql(em(), `delete from badges where organization_id = :organization_id and key = 'quick-learner'`);
    const migration = new Migration20261206060000_16d_badgesFromBlueprints(db.orm.em.getDriver(), db.orm.config);
    await migration.up();
    for (const query of migration.getQueries()) await db.orm.em.getConnection().execute(query.toString());
    expect((await badgeRows()).map(({ key, name }) => ({ key, name }))).toEqual([
      { key: 'first-steps', name: 'Renamed' },
      { key: 'quick-learner', name: 'Quick learner' },
    ]);
  });
});
