/**
 * One engine instance running the Baileys channels against a fake WhatsApp, for the two-process
 * lease test. Prints one JSON line per socket opened or closed (`{ event, holder, channelId, at }`).
 * Env: DATABASE_URL, HOLDER. SIGTERM stops it gracefully; SIGKILL is a crash.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaileysChannels } from '../../../src/channels/baileys/startBaileysChannels';
import type { BaileysSocketFactory } from '../../../src/channels/baileys/baileysTypes';
import { openDatabase } from '../../../src/db/openDatabase';
import { systemClock } from '../../../src/time/clock';
import { FakeBaileysSocket } from '../../fakes/createFakeBaileysSocket';
import { leaseTestTiming } from './leaseTestTiming';
import { silentLogger, testSecretBox } from './baileysTestKeys';

const holder = process.env.HOLDER ?? 'instance';
const say = (event: string, channelId: string) => process.stdout.write(`${JSON.stringify({ event, holder, channelId, at: Date.now() })}\n`);

const factory: BaileysSocketFactory = ({ channelId, auth }) => {
  const socket = new FakeBaileysSocket(channelId, auth);
  const end = socket.end.bind(socket);
  socket.end = (error) => {
    say('closed', channelId);
    end(error);
  };
  say('open', channelId);
  queueMicrotask(() => socket.open());
  return socket;
};

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '', poolSize: 2 });
const channels = await startBaileysChannels({
  orm: database.orm, secretBox: testSecretBox, logger: silentLogger, clock: systemClock, holder,
  stateDir: mkdtempSync(join(tmpdir(), 'baileys-lease-state-')),
  socketFactory: factory, downloadMedia: async () => Buffer.alloc(0),
  onInbound: async () => undefined, onStatus: async () => undefined,
  tickMs: leaseTestTiming.tickMs, refreshMs: 60_000, timing: leaseTestTiming,
});
say('started', '');
process.on('SIGTERM', async () => {
  await channels.stop();
  await database.close();
  say('stopped', '');
  process.exit(0);
});
