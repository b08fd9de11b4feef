import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ThreadCpu } from './threadCpu';

/** System calls counted, by call, per thread kind (as `ThreadCpu`). */
export type SyscallCounts = Record<string, ThreadCpu>;

const CALLS = ['writev', 'write', 'read', 'epoll_wait', 'futex'];

function threadKind(pid: number, tid: number): keyof ThreadCpu {
  if (tid === pid) return 'main';
  try {
    const nice = Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    return nice > 0 ? 'background' : 'other';
  } catch {
    return 'other';
  }
}

/**
 * Counts the system calls of process `pid` until `stop()`, per thread, with `perf stat` (Linux,
 * syscall tracepoints readable). Answers null from `stop()` when perf could not count them.
 */
export function countSyscalls(pid: number): { stop(): Promise<SyscallCounts | null> } {
  const perf = spawn('perf', ['stat', '-x', ',', '--per-thread', '-e', CALLS.map((call) => `syscalls:sys_enter_${call}`).join(','), '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  perf.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    perf.once('exit', () => resolve());
    perf.once('error', () => resolve());
  });
  return {
    async stop() {
      perf.kill('SIGINT');
      await exited;
      // Read while the process still runs (the bench stops it after).
      const kinds = new Map<number, keyof ThreadCpu>();
      const counts: SyscallCounts = {};
      for (const line of output.split('\n')) {
        const [thread, count, , event] = line.split(',');
        const tid = Number(/-(\d+)$/.exec(thread ?? '')?.[1]);
        const call = /^syscalls:sys_enter_(\w+)$/.exec(event ?? '')?.[1];
        if (!call || !Number.isInteger(tid) || !/^\d+$/.test(count)) continue;
        if (!kinds.has(tid)) kinds.set(tid, threadKind(pid, tid));
        counts[call] ??= { main: 0, background: 0, other: 0 };
        counts[call][kinds.get(tid) ?? 'other'] += Number(count);
      }
      return Object.keys(counts).length > 0 ? counts : null;
    },
  };
}
