import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createBenchDatabase, dropBenchDatabase } from '../bench/createBenchDatabase';
import { setupBenchOrganization } from '../bench/setupBenchOrganization';
import { startEngineProcess } from '../bench/startEngineProcess';
import { createSecretBox } from '../secrets/secretBox';
import { migrateDatabase } from '../db/migrateDatabase';
import { startTwilioApiFake } from '../../tests/fakes/startTwilioApiFake';
import { openDatabase } from '../db/openDatabase';
import { printVerdict, type DrillVerdict } from './drillVerdict';
import { databaseOutageDrill } from './databaseOutageDrill';
import { failoverDrill } from './failoverDrill';
import { duplicateDeliveriesDrill } from './duplicateDeliveriesDrill';
import { killDuringLoadDrill } from './killDuringLoadDrill';
import { malformedFloodDrill } from './malformedFloodDrill';
import { poisonedMessageDrill } from './poisonedMessageDrill';
import { tokenExpiryDrill } from './tokenExpiryDrill';
import { poisonedTimerDrill } from './poisonedTimerDrill';

// `npm run drill [-- --short] [--rounds 10] [--workers 30]`: fault drills against real PostgreSQL
// (DATABASE_URL, default the local server), each on its own organization, ending with a verdict.
// The engine runs as its own process and sends to a local Twilio fake.
const { values } = parseArgs({ options: { short: { type: 'boolean', default: false }, rounds: { type: 'string' }, workers: { type: 'string' } } });
const rounds = Number(values.rounds ?? (values.short ? 3 : 10));
const workerCount = Number(values.workers ?? (values.short ? 10 : 40));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PUBLIC_URL = 'https://drill.invalid';

const databaseUrl = await createBenchDatabase(serverUrl, 'coaching_drill');
const encryptionKey = randomBytes(32).toString('base64');
const secretBox = createSecretBox(encryptionKey);
const twilioFake = await startTwilioApiFake();
const providerSendTimes = () => twilioFake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json')).map((request) => request.receivedAt);
const providerSends = () => providerSendTimes().length;
const engineEnv = {
  DATABASE_URL: databaseUrl, DEMO: 'false', ENCRYPTION_KEY: encryptionKey, ADMIN_TOKEN: randomBytes(16).toString('hex'),
  PUBLIC_URL, LOG_LEVEL: 'fatal', TIMER_TICK_SECONDS: '59', TWILIO_API_BASE_URL: twilioFake.baseUrl, SEND_LEASE_MS: '5000',
};
const open = () => openDatabase({ databaseUrl, dataDir: '', poolSize: 4 });

const verdicts: DrillVerdict[] = [];
const database = await open();
try {
  await migrateDatabase(database);
  const killBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
  verdicts.push(await killDuringLoadDrill(async () => open(), killBench, engineEnv, PUBLIC_URL, rounds, providerSends));
  printVerdict(verdicts.at(-1)!);

  const outageBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
  verdicts.push(await databaseOutageDrill(database.orm, outageBench, engineEnv, PUBLIC_URL, values.short ? 16_000 : 30_000));
  printVerdict(verdicts.at(-1)!);

  // In --short too: 31–33 s on a quiet 2-core machine (60–120 s at load average 16–25).
  verdicts.push(await failoverDrill(secretBox, engineEnv, PUBLIC_URL, workerCount, 10_000, providerSendTimes));
  printVerdict(verdicts.at(-1)!);

  const engine = await startEngineProcess(engineEnv);
  try {
    const duplicateBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
    verdicts.push(await duplicateDeliveriesDrill(database.orm, duplicateBench, engine.url, PUBLIC_URL, 3));
    printVerdict(verdicts.at(-1)!);
    const floodBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
    verdicts.push(await malformedFloodDrill(database.orm, floodBench, engine.url, PUBLIC_URL, workerCount * 20));
    printVerdict(verdicts.at(-1)!);
    const poisonedBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
    verdicts.push(await poisonedMessageDrill(database.orm, poisonedBench, engine.url, PUBLIC_URL));
    const tokenBench = await setupBenchOrganization(database.orm, secretBox, workerCount, Date.now());
    verdicts.push(await tokenExpiryDrill(database.orm, tokenBench, twilioFake, secretBox, 3));
    printVerdict(verdicts.at(-1)!);
  } finally {
    await engine.stop();
  }

  const healthyTimers = await setupBenchOrganization(database.orm, secretBox, values.short ? 200 : 1000, Date.now());
  const poisonedTimers = await setupBenchOrganization(database.orm, secretBox, 1, Date.now());
  verdicts.push(await poisonedTimerDrill(database.orm, healthyTimers, poisonedTimers));
  printVerdict(verdicts.at(-1)!);
} finally {
  await database.close();
  await twilioFake.close();
  await dropBenchDatabase(serverUrl, databaseUrl);
}
console.log(JSON.stringify({ verdicts }));
const failed = verdicts.filter((verdict) => !verdict.passed).length;
console.log(`\n${verdicts.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
