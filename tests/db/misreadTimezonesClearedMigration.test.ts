import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createOrganization, createWorker } from '../support/factories';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const cleared = ['CAT', 'SystemV/AST4', 'US/Pacific-New', 'PST', 'pst', 'CET', 'EST', 'IST'];
const kept = ['Africa/Nairobi', 'america/los_angeles', 'UTC', 'GMT', 'Zulu', 'Japan'];

describe('the misread timezones migration', () => {
  const { database } = useEmptyDatabase('coaching_misread_timezones');

  it("clears the timezones PostgreSQL does not know or reads as an abbreviation, of workers, users and organizations' settings, whatever their case; keeps the others", async () => {
    await migrateDatabase(database());
    await (await migratorOf(database().orm)).down({ to: 'Migration20261207100000_misreadTimezonesCleared' });
    const system = asSystem(database().orm.em.fork(), 'misread timezones test');
    const org = (await createOrganization(system)).id;
    const zones = [...cleared, ...kept];
    const workers = new Map<string, string>();
    for (const zone of zones) {
      const id = (await createWorker(system, org)).id;
      await scopedSql(system, 'update workers set timezone = :zone where id = :id', { zone, id });
      workers.set(id, zone);
    }
    await scopedSql(system, `insert into users (organization_id, email, role, timezone) values (:org, 'pst@example.com', 'coach', 'PST'), (:org, 'paris@example.com', 'coach', 'Europe/Paris')`, { org });
    const unknownSetting = (await createOrganization(system)).id;
    const knownSetting = (await createOrganization(system)).id;
    await scopedSql(system, `update organizations set settings = jsonb_build_object('timezone', 'CAT', 'defaultLanguage', 'sw') where id = :id`, { id: unknownSetting });
    await scopedSql(system, `update organizations set settings = jsonb_build_object('timezone', 'Africa/Nairobi') where id = :id`, { id: knownSetting });

    await migrateDatabase(database());
    const after = await scopedSql<{ id: string; timezone: string | null }>(system, 'select id, timezone from workers where organization_id = :org', { org });
    expect(Object.fromEntries(after.map((row) => [workers.get(row.id), row.timezone]))).toEqual({
      ...Object.fromEntries(cleared.map((zone) => [zone, null])),
      ...Object.fromEntries(kept.map((zone) => [zone, zone])),
    });
    expect(await scopedSql(system, 'select email, timezone from users order by email')).toEqual([
      { email: 'paris@example.com', timezone: 'Europe/Paris' },
      { email: 'pst@example.com', timezone: null },
    ]);
    const settings = await scopedSql<{ id: string; settings: Record<string, unknown> }>(system, 'select id, settings from organizations where id in (:unknownSetting, :knownSetting)', { unknownSetting, knownSetting });
    expect(Object.fromEntries(settings.map((row) => [row.id, row.settings]))).toEqual({
      [unknownSetting]: { defaultLanguage: 'sw' },
      [knownSetting]: { timezone: 'Africa/Nairobi' },
    });
  });
});
