import pg from 'pg';

/** Runs one statement on its own connection to `url`. */
async function runAlone(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the server of `serverUrl`, for one bench or drill run; returns its URL. */
export async function createBenchDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}`;
  await runAlone(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createBenchDatabase. */
export async function dropBenchDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  await runAlone(serverUrl, `drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
}

/**
 * VACUUM (ANALYZE) of the bench database during a server's warm-up, before its last workers (`runQuizPhases`). The
 * bench's PostgreSQL runs without autovacuum (as the tests want it), so without this each run
 * would read the dead rows and index entries of every run before it, which autovacuum clears in
 * production: the engine and the floor, and each round, start from the same kept state.
 */
export async function vacuumBenchDatabase(databaseUrl: string): Promise<void> {
  await runAlone(databaseUrl, 'vacuum (analyze)');
}
