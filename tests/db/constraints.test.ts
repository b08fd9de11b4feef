import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Content } from '../../src/db/entities/Content';
import { JourneyBlueprint } from '../../src/db/entities/JourneyBlueprint';
import { Phase } from '../../src/db/entities/Phase';
import { Program } from '../../src/db/entities/Program';
import { ProgramBlueprint } from '../../src/db/entities/ProgramBlueprint';
import { Segment } from '../../src/db/entities/Segment';
import { Touchpoint } from '../../src/db/entities/Touchpoint';
import { User } from '../../src/db/entities/User';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createOrganization, createWorker } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const system = () => asSystem(db.orm.em, 'constraint tests');

async function count(table: string, organizationId: string): Promise<number> {
  const [row] = await scopedSql<{ n: number }>(system(), `select count(*)::int as n from ${table} where organization_id = :org`, { org: organizationId });
  return row.n;
}

/** An organization with a user, a worker, a segment, a program and a published blueprint using one content row. */
async function organizationWithEverything() {
  const em = system();
  const organization = await createOrganization(em);
  const user = em.create(User, { organization: organization.id, email: `${organization.id}@example.com`, role: 'content_specialist' });
  await createWorker(em, organization.id);
  em.create(Segment, { organization: organization.id, name: 'Night shift' });
  await em.flush();
  const content = em.create(Content, { organization: organization.id, key: 'onboarding/t1', version: 1, type: 'text', body: {} });
  const blueprint = em.create(JourneyBlueprint, {
    organization: organization.id, title: 'Onboarding', key: 'onboarding', version: 1, status: 'published',
    definition: {}, contentHash: 'x'.repeat(64), createdBy: user.id,
  });
  const program = em.create(Program, { organization: organization.id, name: 'Pilot' });
  await em.flush();
  const phase = em.create(Phase, { organization: organization.id, journeyBlueprint: blueprint.id, key: 'p1', name: 'Week 1', sequenceOrder: 1 });
  await em.flush();
  const touchpoint = em.create(Touchpoint, { organization: organization.id, phase: phase.id, content: content.id, key: 't1', sequenceOrder: 1 });
  await em.flush();
  em.create(ProgramBlueprint, { organization: organization.id, program: program.id, journeyBlueprint: blueprint.id, orderInProgram: 1 });
  await em.flush();
  return { organization, user, content, blueprint, touchpoint };
}

describe('seed constraints', () => {
  it('reject an organization type or subscription tier outside the seed lists', async () => {
    const sql = `insert into organizations (name, type, subscription_tier) values (:name, :type, :tier)`;
    await expect(scopedSql(system(), sql, { name: 'V', type: 'vendor', tier: 'basic' })).rejects.toThrow(/organizations_type_check/);
    await expect(scopedSql(system(), sql, { name: 'G', type: 'client', tier: 'gold' })).rejects.toThrow(/organizations_subscription_tier_check/);
    await expect(scopedSql(system(), sql, { name: 'OK', type: 'expert', tier: 'premium' })).resolves.toEqual([]);
  });

  it('deleting an organization cascades to its users, workers, segments, blueprints and programs', async () => {
    const { organization } = await organizationWithEverything();
    const tables = ['users', 'workers', 'segments', 'journey_blueprints', 'phases', 'touchpoints', 'content', 'programs', 'program_blueprints'];
    for (const table of tables) expect(await count(table, organization.id), table).toBe(1);
    await scopedSql(system(), 'delete from organizations where id = :id', { id: organization.id });
    for (const table of tables) expect(await count(table, organization.id), table).toBe(0);
  });

  it('refuses to delete content that a touchpoint still uses', async () => {
    const { content } = await organizationWithEverything();
    await expect(scopedSql(system(), 'delete from content where id = :id', { id: content.id })).rejects.toThrow(/touchpoints_content_id/);
  });

  it('deleting the user who created a blueprint sets created_by to null', async () => {
    const { user, blueprint } = await organizationWithEverything();
    await scopedSql(system(), 'delete from users where id = :id', { id: user.id });
    const [row] = await scopedSql<{ created_by: string | null }>(system(), 'select created_by from journey_blueprints where id = :id', { id: blueprint.id });
    expect(row.created_by).toBeNull();
  });

  it('keeps a child row in its parent organization', async () => {
    const { blueprint } = await organizationWithEverything();
    const other = await createOrganization(system());
    const sql = `insert into phases (organization_id, journey_blueprint_id, key, name, sequence_order) values (:org, :bp, 'x', 'X', 2)`;
    await expect(scopedSql(system(), sql, { org: other.id, bp: blueprint.id })).rejects.toThrow(/phases_journey_blueprint_id_same_organization/);
  });

  it('stores phone numbers in E.164, unique per organization', async () => {
    const em = system();
    const a = await createOrganization(em);
    const b = await createOrganization(em);
    await createWorker(em, a.id, { phoneNumber: '+15550001111' });
    await createWorker(em, b.id, { phoneNumber: '+15550001111' });
    await expect(createWorker(system(), a.id, { phoneNumber: '+15550001111' })).rejects.toThrow(/workers_phone_organization_unique/);
    await expect(createWorker(system(), a.id, { phoneNumber: '0700 123' })).rejects.toThrow(/workers_phone_e164_check/);
  });
});
