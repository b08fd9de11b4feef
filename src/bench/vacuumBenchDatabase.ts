import pg from 'pg';

/**
 * VACUUM (ANALYZE) of the bench database between a server's warm-up and its measured run. The
 * bench's PostgreSQL runs without autovacuum (as the tests want it), so without this each run
 * would read the dead rows and index entries of every run before it, which autovacuum clears in
 * production: the engine and the floor, and each round, start from the same kept state.
 */
export async function vacuumBenchDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('vacuum (analyze)');
  } finally {
    await client.end();
  }
}
