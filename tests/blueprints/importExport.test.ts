import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Content } from '../../src/db/entities/Content';
import { JourneyBlueprint } from '../../src/db/entities/JourneyBlueprint';
import { Phase } from '../../src/db/entities/Phase';
import { Touchpoint } from '../../src/db/entities/Touchpoint';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { exportBlueprintVersion } from '../../src/blueprintStore/exportBlueprintVersion';
import { importFlowFile } from '../../src/blueprintStore/importFlowFile';
import { resolveOrganization } from '../../src/cli/resolveOrganization';
import { compileBlueprint } from '../../src/blueprints/compileBlueprint';
import { validateFlowFile, validateFlowSource } from '../../src/blueprints/validateFlow';
import { createOrganization } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const EXAMPLES = ['flows/onboarding.yaml', 'flows/wellbeing-checkin.yaml', 'flows/safety-training.yaml'];

let db: TestDatabase;
let orgId: string;
let otherOrgId: string;
const em = () => forOrganization(db.orm.em, orgId);

beforeAll(async () => {
  db = await createTestDatabase();
  const system = asSystem(db.orm.em, 'blueprint import test setup');
  orgId = (await createOrganization(system, 'Acme Retail')).id;
  otherOrgId = (await createOrganization(system, 'Other Co')).id;
});
afterAll(() => db?.destroy());

describe.each(EXAMPLES)('importing %s', (file) => {
  it('creates a draft version with phases, touchpoints and content rows', async () => {
    const result = await importFlowFile(em(), file);
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
    expect(result.stored).toMatchObject({ version: 1, status: 'draft', outcome: 'created' });
    const { doc } = validateFlowFile(file);
    if (!doc) throw new Error('invalid example');
    const phases = await em().find(Phase, { journeyBlueprint: result.stored.id }, { orderBy: { sequenceOrder: 'asc' } });
    expect(phases.map((p) => [p.key, p.sequenceOrder])).toEqual(doc.phases.map((p, i) => [p.key, i + 1]));
    const touchpoints = await em().find(Touchpoint, { phase: { $in: phases.map((p) => p.id) } });
    expect(touchpoints).toHaveLength(doc.phases.flatMap((p) => p.touchpoints).length);
    const withRules = doc.phases.flatMap((p) => p.touchpoints).find((t) => t.rules);
    if (withRules) expect(touchpoints.find((t) => t.key === withRules.key)?.ruleLogic).toMatchObject({ rules: withRules.rules });
    const contents = await em().find(Content, { id: { $in: touchpoints.map((t) => t.content) } });
    expect(contents.every((c) => typeof c.body.text === 'object')).toBe(true);
  });

  it('re-imports an unchanged file as a no-op', async () => {
    const before = await em().count(JourneyBlueprint, {});
    const again = await importFlowFile(em(), file);
    expect(again.ok && again.stored.outcome).toBe('unchanged');
    expect(await em().count(JourneyBlueprint, {})).toBe(before);
  });

  it('exports the stored version back to an equivalent document that validates and compiles', async () => {
    const { doc } = validateFlowFile(file);
    if (!doc) throw new Error('invalid example');
    const exported = await exportBlueprintVersion(em(), { key: doc.blueprint.key });
    if (!exported) throw new Error('not exported');
    expect(exported.document).toEqual(doc);
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'exported.yaml'), exported.yaml);
    const reparsed = validateFlowSource(exported.yaml, 'exported.yaml');
    expect(reparsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(reparsed.doc).toEqual(doc);
    expect(compileBlueprint(exported.document).config).toEqual(compileBlueprint(doc).config);
  });
});

describe('versions', () => {
  it('publishes an unchanged draft, then makes a changed file a new version and keeps the old one', async () => {
    const published = await importFlowFile(em(), 'flows/onboarding.yaml', { publish: true });
    expect(published.ok && published.stored).toMatchObject({ version: 1, status: 'published', outcome: 'published' });

    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const changed = join(dir, 'onboarding.yaml');
    writeFileSync(changed, readFileSync('flows/onboarding.yaml', 'utf8').replace('versionNotes: First version.', 'versionNotes: Friendlier welcome.'));
    const second = await importFlowFile(em(), changed, { publish: true });
    expect(second.ok && second.stored).toMatchObject({ version: 2, status: 'published', outcome: 'created' });
    const versions = await em().find(JourneyBlueprint, { key: 'onboarding' }, { orderBy: { version: 'asc' } });
    expect(versions.map((v) => [v.version, v.status, v.definition.blueprint])).toEqual([
      [1, 'published', expect.objectContaining({ versionNotes: 'First version.' })],
      [2, 'published', expect.objectContaining({ versionNotes: 'Friendlier welcome.' })],
    ]);
    const first = await exportBlueprintVersion(em(), { key: 'onboarding', version: 1 });
    expect(first?.document.blueprint.versionNotes).toBe('First version.');
  });

  it('judges "unchanged" against every version, and publishes an identical draft instead of adding a version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const original = readFileSync('flows/safety-training.yaml', 'utf8');
    const edition = (notes: string) => {
      const file = join(dir, `${notes.replace(/\W/g, '')}.yaml`);
      writeFileSync(file, original.replace(/versionNotes: .*/, `versionNotes: ${notes}`));
      return file;
    };
    const versionsOrg = forOrganization(db.orm.em, (await createOrganization(asSystem(db.orm.em, 'versions test'), 'Versions Co')).id);
    const stored = async (file: string, publish = false) => {
      const result = await importFlowFile(versionsOrg, file, { publish });
      if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
      return result.stored;
    };
    expect(await stored('flows/safety-training.yaml')).toMatchObject({ version: 1, status: 'draft', outcome: 'created', currentVersion: null });
    expect(await stored(edition('Second.'))).toMatchObject({ version: 2, status: 'draft', outcome: 'created', currentVersion: null });
    expect(await stored(edition('Third.'), true)).toMatchObject({ version: 3, status: 'published', outcome: 'created', currentVersion: 3 });
    // Re-importing version 1 or 2 names that version instead of making version 4.
    expect(await stored('flows/safety-training.yaml')).toMatchObject({ version: 1, status: 'draft', outcome: 'unchanged', currentVersion: 3 });
    expect(await stored(edition('Second.'))).toMatchObject({ version: 2, outcome: 'unchanged' });
    expect(await stored(edition('Third.'), true)).toMatchObject({ version: 3, outcome: 'unchanged', currentVersion: 3 });
    // A draft newer than the published version is published as it is.
    expect(await stored(edition('Fourth.'))).toMatchObject({ version: 4, status: 'draft', outcome: 'created', currentVersion: 3 });
    expect(await stored(edition('Fourth.'), true)).toMatchObject({ version: 4, status: 'published', outcome: 'published', currentVersion: 4 });
    // Publishing an older version's content brings it back as the newest, so that new workers get it.
    expect(await stored(edition('Second.'), true)).toMatchObject({ version: 5, status: 'published', outcome: 'created', sameAs: 2, currentVersion: 5 });
    expect(await versionsOrg.count(JourneyBlueprint, { key: 'safety-training' })).toBe(5);
    // Nine validations of a flow explored with @xstate/graph on a shared machine.
  }, 240_000);

  it('does not see versions of another organization', async () => {
    expect(await exportBlueprintVersion(forOrganization(db.orm.em, otherOrgId), { key: 'onboarding' })).toBeNull();
  });

  it('refuses a file with errors, with the validator messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync('flows/onboarding.yaml', 'utf8').replace('            correct: true\n', ''));
    const result = await importFlowFile(em(), broken);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toContain('no-correct-option');
  });

  it('finds the organization by id, exact name, or a unique match ignoring case, and says which', async () => {
    expect(await resolveOrganization(db.orm.em, 'Acme Retail')).toEqual({ ok: true, id: orgId, name: 'Acme Retail' });
    expect(await resolveOrganization(db.orm.em, orgId)).toEqual({ ok: true, id: orgId, name: 'Acme Retail' });
    expect(await resolveOrganization(db.orm.em, 'acme retail')).toEqual({ ok: true, id: orgId, name: 'Acme Retail', note: `'acme retail' taken as organization 'Acme Retail' (${orgId})` });
    expect(await resolveOrganization(db.orm.em, 'other')).toMatchObject({ ok: true, id: otherOrgId, note: expect.stringContaining("'Other Co'") });
    const nobody = await resolveOrganization(db.orm.em, 'Nobody');
    expect(nobody).toEqual({ ok: false, message: expect.stringContaining("no organization is named 'Nobody': there are ") });
    expect(!nobody.ok && nobody.message).toContain("'Acme Retail'");
  });

  it('refuses a name that several organizations match, listing them', async () => {
    const system = asSystem(db.orm.em, 'blueprint import test setup');
    await createOrganization(system, 'Acme Retail East');
    expect(await resolveOrganization(db.orm.em, 'acme')).toEqual({
      ok: false,
      message: "'acme' matches 2 organizations: 'Acme Retail', 'Acme Retail East'; give the exact name or the id",
    });
    // An exact name still wins over the longer one that contains it.
    expect(await resolveOrganization(db.orm.em, 'acme retail')).toMatchObject({ ok: true, id: orgId });
  });
});
