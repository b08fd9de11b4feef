import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface SystemUser {
  uid: number;
  gid: number;
}

let postgresUser: SystemUser | undefined;

/**
 * PostgreSQL and PgBouncer refuse to run as root: as root, they run as the `postgres` system user
 * (Debian's packages create it); as anyone else, as that user.
 */
function runAs(): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  postgresUser ??= {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
  return postgresUser;
}

/** A fresh temporary folder the server's user owns. */
export function makeServerDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

/** Runs a PostgreSQL tool to completion as the server's user; its output is in the thrown error when it fails. */
export function runServerTool(command: string, args: readonly string[]): string {
  const user = runAs();
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}`);
  }
}

/** Starts a long-running server process as the server's user. */
export function spawnServer(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, ...(runAs() ?? {}) });
}
