import { readFileSync } from 'node:fs';

/** Whether a process runs (Linux /proc; a zombie, ended but not yet reaped, does not). */
export function isProcessRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
