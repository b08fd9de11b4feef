import { loadConfig } from '../config/loadConfig';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase } from '../db/openDatabase';
import { runCommandLine } from './runCommandLine';

await runCommandLine(async () => {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    const applied = await migrateDatabase(database);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
  } finally {
    await database.close();
  }
});
