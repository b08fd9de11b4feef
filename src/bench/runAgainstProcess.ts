import { mkdirSync, writeFileSync } from 'node:fs';
import { embeddedServerAddress } from '../db/embedded/embeddedServerAddress';
import { countSyscalls, type SyscallCounts } from './countSyscalls';
import { measurePostgresCpu } from './measurePostgresCpu';
import { measureStatements } from './measureStatements';
import type { WebhookTarget } from './postCloudApiWebhook';
import type { CloudApiTarget } from './setupQuizBench';
import { startEngineProcess, type EngineProcess } from './startEngineProcess';
import { readThreadCpu, threadCpuSince, type ThreadCpu } from './threadCpu';

/** What a run cost the process under test: its CPU and PostgreSQL's, per inbound message, and its memory. */
export interface ProcessCost {
  cpuMsPerMessage: number;
  /** The same CPU by thread (Linux; the first process's, with several): main, background thread, V8's and libuv's helpers. */
  threadCpuMsPerMessage: ThreadCpu | null;
  /** BENCH_SYSCALLS=1 (Linux, perf): system calls per inbound message, by call and thread (the first process's). */
  syscallsPerMessage?: SyscallCounts | null;
  /** PostgreSQL backends' CPU per inbound message (the embedded server's too: its processes are not the engine's); null for a server elsewhere. */
  postgresCpuMsPerMessage: number | null;
  peakRssMb: number;
}

export interface ProcessUnderTest {
  /** The server's entry point (the engine's build `dist/main.js` or the floor's `.ts`). */
  entry: string;
  env: Record<string, string>;
  channel: CloudApiTarget;
  /** The bench database on a real server (its backends' CPU is measured), or undefined on the embedded one. */
  databaseUrl?: string;
  /** The data folder of the embedded server the process starts (without `databaseUrl`): its backends' CPU is measured once it runs. */
  embeddedDataDir?: string;
  /** Processes started on the same settings (several engine instances on one database); default 1. */
  instances?: number;
}

/** The database the process under test uses: its real server's, or the embedded server's it starts (known once it runs). */
export const subjectDatabaseUrl = (subject: Pick<ProcessUnderTest, 'databaseUrl' | 'embeddedDataDir'>): string | undefined =>
  subject.databaseUrl ?? (subject.embeddedDataDir ? embeddedServerAddress(subject.embeddedDataDir).url : undefined);

const perMessage = (ms: number, messages: number) => Math.round((ms / Math.max(1, messages)) * 100) / 100;
const perThread = (cpu: ThreadCpu, f: (value: number) => number): ThreadCpu => ({ main: f(cpu.main), background: f(cpu.background), other: f(cpu.other) });
const perCall = (counts: SyscallCounts, f: (value: number) => number): SyscallCounts =>
  Object.fromEntries(Object.entries(counts).map(([call, threads]) => [call, perThread(threads, f)]));

const monotonicUs = () => process.hrtime.bigint() / 1000n;

/**
 * `window-<pid>.json` in BENCH_WINDOW_DIR (default BENCH_CPU_PROFILE_DIR, beside each process's
 * profiles): the measured window in CLOCK_MONOTONIC µs, the clock of V8's profiles (`startTime`,
 * `timeDeltas`) and of `perf record -k CLOCK_MONOTONIC`, so a reader keeps only the samples after the warm-up.
 */
function writeProfileWindow(servers: EngineProcess[], fromUs: bigint, toUs: bigint): void {
  const dir = process.env.BENCH_WINDOW_DIR ?? process.env.BENCH_CPU_PROFILE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const server of servers) writeFileSync(`${dir}/window-${server.pid}.json`, JSON.stringify({ fromUs: Number(fromUs), toUs: Number(toUs) }));
}

/**
 * Starts the engine or the floor as its own process (or `instances` of them, one after the other:
 * they migrate under a lock), runs `drive` against it (which answers how many inbound messages it
 * got through, after any warm-up it waits for), and adds what that cost: CPU summed over the
 * processes, peak RSS of the largest.
 */
export async function runAgainstProcess<T extends { messages: number }>(
  subject: ProcessUnderTest,
  drive: (target: WebhookTarget, measureFromHere: () => Promise<void>) => Promise<T>,
): Promise<T & ProcessCost> {
  const servers: EngineProcess[] = [];
  const cpuMs = () => servers.reduce((sum, server) => sum + server.cpuMs(), 0);
  try {
    for (let started = 0; started < (subject.instances ?? 1); started++) servers.push(await startEngineProcess(subject.env, subject.entry));
    let cpuBefore = 0;
    let threadsBefore: ThreadCpu | null = null;
    let syscalls: ReturnType<typeof countSyscalls> | undefined;
    let postgres: Awaited<ReturnType<typeof measurePostgresCpu>> | undefined;
    let statements: Awaited<ReturnType<typeof measureStatements>> | undefined;
    const urls = servers.map((server) => server.url);
    let measuredFromUs = 0n;
    const figures = await drive({ ...subject.channel, url: urls[0], ...(urls.length > 1 ? { instanceUrls: urls } : {}) }, async () => {
      measuredFromUs = monotonicUs();
      cpuBefore = cpuMs();
      threadsBefore = readThreadCpu(servers[0].pid);
      syscalls = process.env.BENCH_SYSCALLS === '1' ? countSyscalls(servers[0].pid) : undefined;
      const databaseUrl = subjectDatabaseUrl(subject);
      postgres = databaseUrl ? await measurePostgresCpu(databaseUrl) : undefined;
      const statementsFile = process.env.BENCH_STATEMENTS_OUT;
      statements = databaseUrl && statementsFile ? await measureStatements(databaseUrl, statementsFile) : undefined;
    });
    const cpu = cpuMs() - cpuBefore;
    writeProfileWindow(servers, measuredFromUs, monotonicUs());
    const threadsAfter = readThreadCpu(servers[0].pid);
    const threads = threadsBefore && threadsAfter ? threadCpuSince(threadsBefore, threadsAfter) : null;
    const syscallCounts = syscalls ? await syscalls.stop() : undefined;
    const postgresCpu = postgres ? await postgres.stop() : null;
    await statements?.stop(figures.messages, subject.entry);
    return {
      ...figures,
      cpuMsPerMessage: perMessage(cpu, figures.messages),
      threadCpuMsPerMessage: threads && perThread(threads, (ms) => perMessage(ms, figures.messages)),
      ...(syscallCounts === undefined ? {} : { syscallsPerMessage: syscallCounts && perCall(syscallCounts, (count) => perMessage(count, figures.messages)) }),
      postgresCpuMsPerMessage: postgresCpu === null ? null : perMessage(postgresCpu, figures.messages),
      peakRssMb: Math.round(Math.max(...servers.map((server) => server.peakRssBytes())) / 1_048_576),
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
