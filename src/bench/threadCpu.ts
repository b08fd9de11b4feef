import { readdirSync, readFileSync } from 'node:fs';

/** A process's CPU by thread, ms (user + system): its main thread, its background thread (the one at a positive nice value) and the rest (V8's and libuv's helpers). */
export interface ThreadCpu {
  main: number;
  background: number;
  other: number;
}

/** Reads `/proc/<pid>/task/*` (Linux); null once the process is gone. A thread that ended in between is missed. */
export function readThreadCpu(pid: number): ThreadCpu | null {
  const cpu: ThreadCpu = { main: 0, background: 0, other: 0 };
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let fields: string[];
      try {
        // After the command's closing parenthesis: field 3 (state) is fields[0], utime (14) fields[11], stime fields[12], nice (19) fields[16].
        fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      } catch {
        continue;
      }
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      if (Number(tid) === pid) cpu.main += ms;
      else if (Number(fields[16]) > 0) cpu.background += ms;
      else cpu.other += ms;
    }
  } catch {
    return null;
  }
  return cpu;
}

/** `after` − `before`, per thread kind. */
export function threadCpuSince(before: ThreadCpu, after: ThreadCpu): ThreadCpu {
  return { main: after.main - before.main, background: after.background - before.background, other: after.other - before.other };
}
