import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded server's URL (database `postgres`) and its postmaster's PID. */
export interface EmbeddedServerAddress {
  url: string;
  pid: number;
}

/** The file beside the cluster that keeps the `postgres` user's password. */
export const passwordFileOf = (dataDir: string) => join(dataDir, 'postgres.password');

/** The cluster of the embedded database in a data folder. */
export const clusterDirOf = (dataDir: string) => join(dataDir, 'postgres');

/**
 * Where the embedded server of a data folder runs now, from its `postmaster.pid` (PID on the
 * first line, port on the fourth) and the kept password: for a tool beside a running engine (the
 * bench measures its backends).
 */
export function embeddedServerAddress(dataDir: string): EmbeddedServerAddress {
  const lines = readFileSync(join(clusterDirOf(dataDir), 'postmaster.pid'), 'utf8').split('\n');
  const password = readFileSync(passwordFileOf(dataDir), 'utf8').trim();
  return { pid: Number(lines[0]), url: `postgres://postgres:${password}@127.0.0.1:${Number(lines[3])}/postgres` };
}
