import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The ORM's migrator with the committed migrations, both loaded on first use: a thread that never
 * migrates (the background thread) never loads the migration tooling (umzug, ajv, esprima, the
 * migration classes: about 1.4 MB of source, kept in its heap) nor the migrations themselves.
 */
export async function migratorOf(orm: MikroORM): Promise<ReturnType<MikroORM['getMigrator']>> {
  const [{ Migrator: MigratorClass }, { migrationsList }] = await Promise.all([
    import('@mikro-orm/migrations'),
    import('../../migrations/migrationsList'),
  ]);
  if (!orm.config.get('migrations').migrationsList) {
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
    MigratorClass.register(orm);
  }
  return orm.getMigrator();
}
