import pg from 'pg';
import { inject } from 'vitest';

/** The server of this run, chosen by the global setup (see chooseTestServer). */
export function testServerUrl(): string {
  return inject('testServerUrl');
}

export function databaseUrl(name: string, server = testServerUrl()): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement as the admin connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(sql: string, server = testServerUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
