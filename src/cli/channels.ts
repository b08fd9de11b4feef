import { loadConfig } from '../config/loadConfig';
import { resolveSecretBoxKeys } from '../secrets/resolveSecretBoxKeys';
import { runChannelsCommand } from './runChannelsCommand';
import { createSecretBox } from '../secrets/secretBox';
import { openDatabase } from '../db/openDatabase';
import { runCommandLine } from './runCommandLine';
import { connectionSettings } from '../config/connectionSettings';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

await runCommandLine(async () => {
  const config = loadConfig();
  const database = await openDatabase({ ...connectionSettings(config), poolSize: 2 });
  try {
    return await runChannelsCommand(process.argv.slice(2), {
      em: database.orm.em,
      secretBox: createSecretBox(resolveSecretBoxKeys(config)),
      publicUrl: config.PUBLIC_URL,
      twilioBaseUrl: config.TWILIO_API_BASE_URL,
      graphBaseUrl: config.GRAPH_API_BASE_URL,
      now: () => new Date(),
      print: (text) => console.log(text),
      readStdin,
    });
  } finally {
    await database.close();
  }
});
