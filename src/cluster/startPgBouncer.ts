import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../db/embedded/freePort';
import { makeServerDir, spawnServer } from '../db/embedded/runAsPostgresUser';

/** Debian's package (`apt-get install pgbouncer`). */
export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';

export interface PgBouncerSettings {
  /** postgres://user@host:port of the server behind it (trust authentication, as in tests and CI). */
  serverUrl: string;
  /** Server connections per database and user. Default 20. */
  poolSize?: number;
}

export interface RunningPgBouncer {
  /** postgres://user@127.0.0.1:<port>/<database> through the pooler. */
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts PgBouncer in transaction mode on a free port in front of `serverUrl`, for every database
 * on it (the `*` entry), with `jit=off` on each server connection (its `connect_query`: clients
 * behind a pooler send no startup options). Stopped with SIGTERM.
 */
export async function startPgBouncer(settings: PgBouncerSettings): Promise<RunningPgBouncer> {
  const server = new URL(settings.serverUrl);
  const user = decodeURIComponent(server.username) || 'postgres';
  const port = await freePort();
  const dir = makeServerDir('pgbouncer-');
  const ini = join(dir, 'pgbouncer.ini');
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432} connect_query='SET jit = off'`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${settings.poolSize ?? 20}`,
      'max_client_conn = 1000',
      'ignore_startup_parameters = extra_float_digits',
      'server_login_retry = 1',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const child = spawnServer(PGBOUNCER_BINARY, [ini]);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; !(await tcpOpen(port)); attempt++) {
    if (child.exitCode !== null || attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`PgBouncer did not start on port ${port}: ${output.trim() || `exit code ${child.exitCode}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    urlFor(database: string) {
      return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
