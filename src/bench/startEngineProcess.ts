import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { freePort } from '../db/embedded/freePort';
import { processCpuMs } from './measurePostgresCpu';

export interface EngineProcess {
  url: string;
  pid: number;
  /** Peak resident memory of the engine process so far, bytes (Linux VmHWM). */
  peakRssBytes(): number;
  /** CPU time the engine process has used, milliseconds (user + system). */
  cpuMs(): number;
  stop(): Promise<void>;
  /** SIGKILL, for fault drills. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** The engine as `npm start` runs it: the build of src/main.ts (scripts/build.mjs). */
export const ENGINE_ENTRY = 'dist/main.js';

/** The node options `npm start` gives the built engine (V8 settings, source maps), so the bench measures what it runs. */
function npmStartNodeOptions(): string[] {
  const packageJson = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(readFileSync('package.json', 'utf8')));
  const [command, ...args] = packageJson.scripts.start.split(/\s+/);
  const entry = args.pop();
  if (command !== 'node' || entry !== ENGINE_ENTRY) throw new Error(`npm start should be node [options] ${ENGINE_ENTRY}, not ${packageJson.scripts.start}`);
  return args;
}

let built = false;
/** `npm run build` (npm start's prestart), once per process: the engine runs from dist/. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  built = true;
}

/**
 * Runs `npm start`'s entry point (the build, made first) with its node options (or another
 * TypeScript server `entry` answering GET /readyz, through tsx) as a separate process with the
 * given settings, and waits until it is ready.
 */
export async function startEngineProcess(env: Record<string, string>, entry = ENGINE_ENTRY): Promise<EngineProcess> {
  const port = await freePort();
  // BENCH_CPU_PROFILE_DIR: write the engine's V8 CPU profile there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  // BENCH_ENGINE_NODE_OPTIONS: node options for the engine after npm start's own, which they override (to compare V8 settings).
  const extra = process.env.BENCH_ENGINE_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  if (entry === ENGINE_ENTRY) buildOnce();
  const options = entry === ENGINE_ENTRY ? [...npmStartNodeOptions(), ...extra] : ['--import', 'tsx'];
  // BENCH_STDOUT: append the processes' standard output to this file (V8's `--trace-opt` and `--trace-deopt` print there).
  const child = spawn(process.execPath, [...profile, ...options, entry], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', process.env.BENCH_STDOUT ? openSync(process.env.BENCH_STDOUT, 'a') : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the engine exited with code ${child.exitCode} before it was ready`);
    // Generous: on a machine busy with other work, start-up alone has taken over a minute.
    if (waited > 180_000) {
      child.kill('SIGKILL');
      throw new Error('the engine was not ready within 180 s');
    }
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  let lastRss = 0;
  let lastCpu = 0;
  return {
    url,
    pid,
    peakRssBytes() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        lastRss = match ? Number(match[1]) * 1024 : lastRss;
      } catch {
        // the process has exited: keep the last reading
      }
      return lastRss;
    },
    cpuMs() {
      // Once the process has exited, the last reading.
      lastCpu = processCpuMs(pid) ?? lastCpu;
      return lastCpu;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}
