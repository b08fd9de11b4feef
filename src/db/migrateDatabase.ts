import { MikroORM } from '@mikro-orm/postgresql';
import type { Database } from './openDatabase';
import { migratorOf } from './migratorOf';
import { ormOptions } from './ormOptions';

/** Any fixed number: the key of the advisory lock that serializes migrations across instances. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations. Several instances may start at once, so they queue on a
 * transaction-scoped advisory lock and the later ones find nothing left to do. Behind a pooler the
 * migrations run on a short-lived connection straight to the server (DATABASE_DIRECT_URL).
 */
export async function migrateDatabase(database: Database): Promise<string[]> {
  if (!database.pooled) return migrateUnderLock(database.orm);
  const direct = await MikroORM.init(ormOptions(database.directUrl, 2));
  try {
    return await migrateUnderLock(direct);
  } finally {
    await direct.close(true);
  }
}

async function migrateUnderLock(orm: MikroORM): Promise<string[]> {
  const connection = orm.em.getConnection();
  return connection.transactional(async (trx) => {
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'run', trx);
    return (await (await migratorOf(orm)).up()).map((m) => m.name);
  });
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  return (await (await migratorOf(database.orm)).getPendingMigrations()).map((m) => m.name);
}
