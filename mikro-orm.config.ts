import { ormOptions } from './src/db/ormOptions';
import { migrationsList } from './migrations/migrationsList';

// Used by the MikroORM CLI against DATABASE_URL (the engine loads its migrations through `migratorOf`).
const options = ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coaching_dev');
export default { ...options, migrations: { ...options.migrations, migrationsList } };
