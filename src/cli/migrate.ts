import { loadConfig } from '../config/loadConfig';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase } from '../db/openDatabase';
import { runCommandLine } from './runCommandLine';
import { connectionSettings } from '../config/connectionSettings';

await runCommandLine(async () => {
  const config = loadConfig();
  const database = await openDatabase({ ...connectionSettings(config), poolSize: 2 });
  try {
    const applied = await migrateDatabase(database);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
  } finally {
    await database.close();
  }
});
