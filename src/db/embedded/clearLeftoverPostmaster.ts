import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** What `clearLeftoverPostmaster` found in the cluster's folder. */
export type Leftover = { kind: 'none' } | { kind: 'running'; pid: number } | { kind: 'removed'; pid: number };

/**
 * A live process's command line (a postmaster keeps `postgres -D <its folder> ...`), or undefined
 * when no such process runs or it cannot be read.
 */
function commandLineOf(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    return existsSync('/proc')
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
      : execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

/**
 * Looks at the cluster's `postmaster.pid` before a start. A postmaster still running on this
 * folder (its command line names it) was left by an engine killed with -9: the data folder's lock
 * keeps a live engine out, and the server runs in a session of its own, so it outlives its engine.
 * The caller stops it. A file naming another live process (a PID reused after the machine
 * restarted) would make PostgreSQL refuse to start: it is removed. A file naming no live process
 * (or an unreadable one) is left to PostgreSQL, which removes it when stale.
 */
export function clearLeftoverPostmaster(clusterDir: string): Leftover {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return { kind: 'none' };
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'none' };
  const commandLine = commandLineOf(pid);
  if (commandLine === undefined) return { kind: 'none' };
  if (commandLine.includes(clusterDir)) return { kind: 'running', pid };
  unlinkSync(file);
  return { kind: 'removed', pid };
}
