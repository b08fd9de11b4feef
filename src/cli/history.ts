import { loadConfig } from '../config/loadConfig';
import { openDatabase } from '../db/openDatabase';
import { runCommandLine } from './runCommandLine';
import { runHistoryCommand } from './runHistoryCommand';

await runCommandLine(async () => {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    return await runHistoryCommand(process.argv.slice(2), { em: database.orm.em, print: (text) => console.log(text) });
  } finally {
    await database.close();
  }
});
