import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

/** Folders this process holds: a PID file naming this process but not listed here is stale (e.g. PID 1 in a restarted container). */
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a data folder for this process with a PID file. A second live process is refused;
 * a PID file left by a crashed process is taken over, so a restart after a crash is not blocked.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'engine.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldByThisProcess.add(lockFile);
      return () => {
        heldByThisProcess.delete(lockFile);
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      const heldByUs = holder === process.pid && heldByThisProcess.has(lockFile);
      if (heldByUs || (holder && holder !== process.pid && isAlive(holder))) {
        throw new DataDirInUseError(
          `The data folder ${dataDir} is in use by process ${holder}: stop it, or set DATA_DIR to another folder.`,
        );
      }
      unlinkSync(lockFile);
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${dataDir}: another process is starting on it.`);
}
