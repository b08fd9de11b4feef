import type pg from 'pg';

/**
 * Runs `work` on a connection of `pool`. A connection lost meanwhile fails `work`'s query (its
 * own error event must not crash the process); one whose `work` threw is closed, never reused
 * (after an error in a pipeline, pg's mark of which statements it parsed cannot be trusted).
 */
export async function withPoolClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const lost = () => undefined;
  client.on('error', lost);
  let failed = false;
  try {
    return await work(client);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    client.off('error', lost);
    client.release(failed);
  }
}
