import { startEmbeddedPostgres } from '../../src/db/embedded/startEmbeddedPostgres';

// A process that starts the embedded database of the folder in argv[2], says `ready` and waits
// (to be killed with -9, as an engine can be, by tests/db/embeddedDatabase.test.ts).
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: holdEmbeddedDatabase.ts <data folder>');
await startEmbeddedPostgres(dataDir, { say: () => undefined });
process.stdout.write('ready\n');
setInterval(() => undefined, 60_000);
