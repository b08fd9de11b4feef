import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, demoIds } from '../../src/demo/seedDemo';
import { seedDemoExperiment } from '../../src/demo/seedDemoExperiment';
import { seedDemoJourneys } from '../../src/demo/seedDemoJourneys';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { readExperimentResults } from '../../src/experiments/readExperimentResults';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
const at = Date.UTC(2026, 11, 6, 9);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.orm.em);
  await seedDemoJourneys(db.orm.em, resolve('flows'), at);
  await seedDemoExperiment(db.orm.em, at);
  await seedDemoExperiment(db.orm.em, at);
});
afterAll(async () => db?.destroy());

describe('the demo experiment', () => {
  it('is seeded once, with enough answers to show a result', async () => {
    const em = forOrganization(db.orm.em, demoIds.clientOrganization);
    const [experiment] = await scopedSql<{ id: string }>(em, `select id from experiments where organization_id = :organization_id and key = 'lifting-quiz'`);
    const { results } = await readExperimentResults(em, experiment.id, 'intention_to_treat');
    expect(results.units).toBe(160);
    expect(results.flow.reduce((n, f) => n + f.exposed, 0)).toBe(160);
    const primary = results.metrics[0];
    const arms = Object.fromEntries(primary.arms.map((arm) => [arm.variant, arm.estimate ?? 0]));
    expect(arms.short).toBeGreaterThan(arms.long);
    expect(primary.comparisons[0].estimate?.method).toBe('fisher-exact');
    // The README's worked example quotes this verdict.
    expect(primary.comparisons[0].verdict.headline).toBe('Short question raised first-try quiz correctness by 28.1 points (95% CI 12.9 to 41.3).');
    expect(results.sampleRatio.workers?.mismatch).toBe(false);
  });
});
