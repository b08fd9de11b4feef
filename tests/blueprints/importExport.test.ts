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

  it('finds the organization by id or exact name', async () => {
    expect(await resolveOrganization(db.orm.em, 'Acme Retail')).toEqual({ id: orgId, name: 'Acme Retail' });
    expect(await resolveOrganization(db.orm.em, orgId)).toEqual({ id: orgId, name: 'Acme Retail' });
    expect(await resolveOrganization(db.orm.em, 'Nobody')).toBeNull();
  });
});
