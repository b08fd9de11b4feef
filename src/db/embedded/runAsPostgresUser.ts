import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SystemUser {
  uid: number;
  gid: number;
}

let postgresUser: SystemUser | undefined;

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

/**
 * PostgreSQL and PgBouncer refuse to run as root: as root, they run as the `postgres` system user
 * (Debian's packages create it; created here when missing, as in a bare container); as anyone
 * else, as that user.
 */
export function runAs(): SystemUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (postgresUser) return postgresUser;
  try {
    idOf('-u');
  } catch {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  }
  postgresUser = { uid: idOf('-u'), gid: idOf('-g') };
  return postgresUser;
}

/** A fresh temporary folder the server's user owns. */
export function makeServerDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const user = runAs();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

function toolFailed(command: string, args: readonly string[], error: unknown): Error {
  const failed = error as { stderr?: string; stdout?: string };
  return new Error(`${command} ${args.join(' ')} failed: ${failed.stderr ?? ''}${failed.stdout ?? ''}`);
}

/** Runs a PostgreSQL tool to completion as the server's user; its output is in the thrown error when it fails. */
export function runServerTool(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...(runAs() ?? {}) });
  } catch (error) {
    throw toolFailed(command, args, error);
  }
}

/** `runServerTool` without blocking this thread (the engine answers its health routes meanwhile). */
export function runServerToolAsync(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // cwd '/': the server's user may not enter this process's folder (e.g. /root).
    execFile(command, args, { encoding: 'utf8', cwd: '/', ...(runAs() ?? {}) }, (error, stdout, stderr) =>
      error ? reject(toolFailed(command, args, { stdout, stderr })) : resolve(stdout),
    );
  });
}

/** Starts a long-running server process as the server's user. */
export function spawnServer(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, ...(runAs() ?? {}) });
}
