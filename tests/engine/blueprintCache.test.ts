import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { cachedBlueprintMachine, compileStoredBlueprint, COMPILED_VERSIONS_KEPT, loadBlueprintMachine } from '../../src/engine/loadBlueprintMachine';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let owner: EngineWorld;
let other: EngineWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await createEngineWorld(db, { flow: 'onboarding' });
  other = await createEngineWorld(db, { flow: 'onboarding' });
});
afterAll(() => db.destroy());

describe('the compiled blueprint cache', () => {
  it("never serves one organization's blueprint version to another, even once it is cached", async () => {
    expect((await loadBlueprintMachine(owner.em(), owner.blueprint.id)).id).toBe(owner.blueprint.id);
    await expect(loadBlueprintMachine(other.em(), owner.blueprint.id)).rejects.toThrow(/does not exist in this organization/);
    expect((await loadBlueprintMachine(other.em(), other.blueprint.id)).id).toBe(other.blueprint.id);
    expect((await loadBlueprintMachine(owner.em(), owner.blueprint.id)).id).toBe(owner.blueprint.id);
  });

  it(`keeps at most ${COMPILED_VERSIONS_KEPT} versions, the most recently used`, () => {
    const definition = validateFlowFile('flows/onboarding.yaml').doc;
    const ids = Array.from({ length: COMPILED_VERSIONS_KEPT + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const id of ids) compileStoredBlueprint('org-bound', id, definition, []);
    expect(cachedBlueprintMachine('org-bound', ids[0])).toBeUndefined();
    expect(cachedBlueprintMachine('org-bound', ids.at(-1)!)?.id).toBe(ids.at(-1));
  });
});
