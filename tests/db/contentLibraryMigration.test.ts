import { describe, expect, it } from 'vitest';
import { exportBlueprintVersion } from '../../src/blueprintStore/exportBlueprintVersion';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import type { Database } from '../../src/db/openDatabase';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { seedDemo } from '../../src/demo/seedDemo';
import { seedDemoJourneys } from '../../src/demo/seedDemoJourneys';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const BEFORE = 'Migration20261206073000_challenges';

/** Every blueprint version of every organization, exported as YAML, by id. */
async function exportEverything(database: Database): Promise<Map<string, string>> {
  const rows = await database.orm.em.getConnection().execute<{ id: string; organization_id: string }[]>(`select id, organization_id from journey_blueprints order by id`);
  const out = new Map<string, string>();
  for (const row of rows) {
    const exported = await exportBlueprintVersion(forOrganization(database.orm.em.fork(), row.organization_id), { id: row.id });
    out.set(row.id, exported?.yaml ?? 'missing');
  }
  return out;
}

const count = async (database: Database, sql: string) => Number((await database.orm.em.getConnection().execute<{ n: string }[]>(sql))[0].n);

describe('the content library migration (issue 20)', () => {
  const { database } = useEmptyDatabase('coaching_content_library');

  it('merges per-touchpoint copies into shared rows without changing any export, and splits them again on the way down', { timeout: 180_000 }, async () => {
    await migrateDatabase(database());
    const summary = await seedDemo(database().orm.em.fork());
    await seedDemoJourneys(database().orm.em.fork(), 'flows', Date.now());
    const organization = summary.clientOrganizationId;
    // Several versions of one blueprint: the next changes one text, the one after brings it back.
    const flow = validateFlowFile('flows/onboarding.yaml').doc!;
    const changed = structuredClone(flow);
    const first = changed.phases[0].touchpoints[0];
    first.text = Object.fromEntries(Object.keys(first.text).map((language) => [language, `${first.text[language]} (v2)`]));
    const em = () => forOrganization(database().orm.em.fork(), organization);
    await storeBlueprintVersion(em(), flow, { publish: true });
    await storeBlueprintVersion(em(), changed, { publish: true });
    await storeBlueprintVersion(em(), flow, { publish: true });
    await database().orm.em.getConnection().execute(
      `insert into broadcasts (organization_id, target, content, status) select organization_id, '{"workerIds": []}', jsonb_build_object('contentId', id), 'cancelled' from content limit 1`,
    );
    const current = await exportEverything(database());
    expect(current.size).toBeGreaterThanOrEqual(5);

    await (await migratorOf(database().orm)).down({ to: BEFORE });
    // The shape before the library: one content row per touchpoint of every version.
    expect(await count(database(), `select count(*) as n from content`)).toBe(await count(database(), `select count(*) as n from touchpoints`));
    const before = await exportEverything(database());
    expect(before).toEqual(current);

    await migrateDatabase(database());
    expect(await exportEverything(database())).toEqual(before);
    // Versions share rows: each (key, body) once; the changed touchpoint has two versions, v1's the latest again.
    const rows = await count(database(), `select count(*) as n from content`);
    expect(rows).toBeLessThan(await count(database(), `select count(*) as n from touchpoints`));
    expect(rows).toBe(await count(database(), `select count(*) as n from (select distinct organization_id, key, body from content) d`));
    const versions = await database().orm.em.getConnection().execute<{ version: number; latest: boolean; body: { text: Record<string, string> } }[]>(
      `select version, latest, body from content where organization_id = ? and key = ? order by version`,
      [organization, `onboarding/${first.key}`],
    );
    expect(versions.map((v) => [v.version, v.latest])).toEqual([[1, true], [2, false]]);
    expect(versions[1].body.text.en).toMatch(/\(v2\)$/);
    expect(await count(database(), `select count(*) as n from content where license_type = 'own'`)).toBe(rows);
    // A broadcast that named a merged-away copy names the row that stayed.
    expect(await count(database(), `select count(*) as n from broadcasts b where not exists (select 1 from content c where c.id = (b.content ->> 'contentId')::uuid)`)).toBe(0);
    expect(await count(database(), `select count(*) as n from touchpoints t where not exists (select 1 from content c where c.id = t.content_id)`)).toBe(0);
  });
});
