import { join } from 'node:path';
import { makeServerDir, runServerTool } from '../db/embedded/runAsPostgresUser';
import { POSTGRES_BIN, startCluster, type TempCluster } from './startTempCluster';

/**
 * A streaming replica of `primary`, made with `pg_basebackup -R` (standby.signal and
 * primary_conninfo written for it) and started on a free port as a hot standby.
 */
export async function startStreamingReplica(primary: TempCluster): Promise<TempCluster> {
  const root = makeServerDir('pg-replica-');
  const dataDir = join(root, 'data');
  runServerTool(join(POSTGRES_BIN, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  return startCluster(root, dataDir);
}
