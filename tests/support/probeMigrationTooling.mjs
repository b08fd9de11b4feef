// Run as a process of its own, loading TypeScript as the background thread does (tsx's register()):
// prints whether the migration tooling is loaded once the database is open, then after `migratorOf`.
import { createRequire } from 'node:module';
import { register } from 'tsx/esm/api';

register();
const require = createRequire(import.meta.url);
const toolingLoaded = () => Object.keys(require.cache).some((file) => file.endsWith('/node_modules/@mikro-orm/migrations/Migrator.js'));
const { openDatabase } = await import('../../src/db/openDatabase.ts');
const { migratorOf } = await import('../../src/db/migratorOf.ts');
const database = await openDatabase({ databaseUrl: process.argv[2], dataDir: '', poolSize: 1 });
const afterOpen = toolingLoaded();
await migratorOf(database.orm);
const afterMigrator = toolingLoaded();
await database.close();
console.log(JSON.stringify({ afterOpen, afterMigrator }));
