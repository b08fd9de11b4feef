import { readFileSync } from 'node:fs';
import pg from 'pg';

/** CPU time of one process so far, ms (user + system, from /proc; 100 ticks a second), or null when it cannot be read. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * Measures the CPU PostgreSQL's backends spend on one database between `start()` and `stop()`:
 * the backends connected to it (pg_stat_activity), read from /proc, so only when the server runs
 * on this machine. A backend that ends in between is missed; the pools keep theirs open.
 */
export async function measurePostgresCpu(databaseUrl: string): Promise<{ stop(): Promise<number | null> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return new Map(rows.map((row) => [row.pid, processCpuMs(row.pid)]));
  };
  const before = await backends();
  return {
    async stop() {
      const after = await backends();
      await client.end();
      if ([...after.values()].some((cpu) => cpu === null)) return null;
      let total = 0;
      for (const [pid, cpu] of after) total += (cpu ?? 0) - (before.get(pid) ?? 0);
      return total;
    },
  };
}
