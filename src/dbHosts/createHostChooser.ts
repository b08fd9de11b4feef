import pg from 'pg';
import type { DatabaseHost, DatabaseHosts } from './parseDatabaseHosts';

/** Which server of a host list new connections go to. */
export interface HostChooser {
  /** The host chosen before, or else the first that answers (and accepts writes, with read-write): tried in order. */
  choose(): Promise<DatabaseHost>;
  /** A connection to `host` failed: the next `choose` tries the list again. */
  forget(host: DatabaseHost): void;
}

/** libpq's SQLSTATE for "could not establish a connection": callers treat it as the database being away. */
const UNABLE_TO_CONNECT = '08001';

async function probe(hosts: DatabaseHosts, host: DatabaseHost, timeoutMs: number): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: hosts.urlFor(host), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (!hosts.readWrite) return undefined;
    const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
    return rows[0]?.transaction_read_only === 'off' ? undefined : 'read only';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * libpq's host list for `pg`, which has none: the hosts are tried in order on a probe connection
 * of their own and the first acceptable one is kept until a connection to it fails. One choice is
 * made at a time; every caller waiting meanwhile gets it.
 * @param probeTimeoutMs how long one host may take to accept a connection, milliseconds.
 */
export function createHostChooser(hosts: DatabaseHosts, probeTimeoutMs = 3_000): HostChooser {
  let chosen: DatabaseHost | undefined;
  let choosing: Promise<DatabaseHost> | undefined;

  const lookAgain = async (): Promise<DatabaseHost> => {
    const refusals: string[] = [];
    for (const host of hosts.hosts) {
      const refusal = await probe(hosts, host, probeTimeoutMs);
      if (refusal === undefined) return host;
      refusals.push(`${host.host}:${host.port}: ${refusal}`);
    }
    const wanted = hosts.readWrite ? 'read-write server' : 'server';
    throw Object.assign(new Error(`no ${wanted} among the database hosts (${refusals.join('; ')})`), { code: UNABLE_TO_CONNECT });
  };

  return {
    async choose() {
      if (chosen) return chosen;
      choosing ??= lookAgain().finally(() => (choosing = undefined));
      chosen = await choosing;
      return chosen;
    },
    forget(host) {
      if (chosen === host) chosen = undefined;
    },
  };
}
