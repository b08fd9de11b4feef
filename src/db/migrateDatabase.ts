import type { Database } from './openDatabase';

/** Any fixed number: the key of the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations. On a real server several instances may start at once, so they
 * queue on a transaction-scoped advisory lock and the later ones find nothing left to do. The
 * embedded database belongs to one process (its data folder is locked) and a transaction there
 * blocks every other connection, so it migrates without the lock.
 */
export async function migrateDatabase(database: Database): Promise<string[]> {
  const migrator = database.orm.getMigrator();
  if (database.embedded) return (await migrator.up()).map((m) => m.name);
  const connection = database.orm.em.getConnection();
  return connection.transactional(async (trx) => {
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'run', trx);
    return (await migrator.up()).map((m) => m.name);
  });
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await database.orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}
