import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../db/embedded/freePort';
import { makeServerDir, runServerTool } from '../db/embedded/runAsPostgresUser';

/** Debian's PostgreSQL 15 binaries (the version CI serves). */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface TempCluster {
  port: number;
  dataDir: string;
  /** postgres://postgres@127.0.0.1:<port>/<database>. */
  urlFor(database?: string): string;
  /** `pg_ctl stop` (fast: running transactions are rolled back; immediate: as a crash). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** `pg_ctl promote`: a standby becomes a primary, waiting until it accepts writes. */
  promote(): void;
  /** Stops it (immediately) and deletes its folder. */
  destroy(): void;
}

/** Starts an existing data folder on a free port (sockets in its folder, TCP on 127.0.0.1 only). */
export async function startCluster(root: string, dataDir: string): Promise<TempCluster> {
  const port = await freePort();
  const ctl = (args: string[]) => runServerTool(join(POSTGRES_BIN, 'pg_ctl'), ['-D', dataDir, '-w', '-t', '60', ...args]);
  ctl(['-l', join(root, 'server.log'), '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`, 'start']);
  let running = true;
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    running = false;
    ctl(['-m', mode, 'stop']);
  };
  return {
    port,
    dataDir,
    urlFor: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    promote: () => void ctl(['promote']),
    destroy() {
      try {
        stop('immediate');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A throwaway PostgreSQL cluster (initdb, trust authentication, replication allowed from
 * 127.0.0.1, fsync off: nothing in it outlives the test or drill) started on a free port.
 */
export async function startTempCluster(): Promise<TempCluster> {
  const root = makeServerDir('pg-cluster-');
  const dataDir = join(root, 'data');
  runServerTool(join(POSTGRES_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  appendFileSync(join(dataDir, 'postgresql.conf'), '\nfsync = off\nwal_level = replica\nmax_wal_senders = 5\nwal_keep_size = 256MB\n');
  return startCluster(root, dataDir);
}
