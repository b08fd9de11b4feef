import type { BenchOptions } from './benchOptions';
import type { CurvePoint } from './benchFigures';
import type { LatencySummary } from './latencySummary';
import type { BroadcastFigures } from './runBroadcast';
import type { InstancesFigures } from './runInstancesPoint';
import type { ClosedLoopPair, OpenLoopPair } from './runQuizPhases';
import type { ClosedLoopRounds, Spread } from './summarizeRounds';
import type { ThreadCpu } from './threadCpu';

export interface BenchResults {
  ranAt: string;
  database: string;
  options: BenchOptions;
  /** Per number of workers, the first round's pair (as before `--rounds`; every round is in closedLoopRounds). */
  closedLoop: ClosedLoopPair[];
  closedLoopRounds: ClosedLoopRounds[];
  openLoop?: OpenLoopPair;
  instances?: InstancesFigures;
  broadcast?: BroadcastFigures;
  curve: CurvePoint[];
}

/** A driver later than this at its p99 is named as part of the webhook p99 it reports, ms. */
const LATE_DRIVER_MS = 10;

const p50p99 = (l: LatencySummary) => `${l.p50} / ${l.p99}`;
const orDash = (value: number | null) => (value === null ? '–' : String(value));
const byThread = (cpu: ThreadCpu | null) => (cpu === null ? '–' : `${cpu.main} / ${cpu.background} / ${cpu.other}`);

function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}`);
  for (const row of rows) console.log(line(row));
}

const spread = ({ median, min, max }: Spread) => `${median} (${min}–${max})`;

/** The closed-loop runs, engine beside floor, and their ratios; every round's, labelled when there are several, then their medians. */
function printClosedLoop(database: string, closedLoop: ClosedLoopRounds[]): void {
  const pairs = closedLoop.flatMap(({ rounds }) =>
    rounds.map((pair, index) => ({ pair, round: rounds.length > 1 ? ` (round ${index + 1} of ${rounds.length})` : '' })));
  printTable(
    `closed loop on ${database}: signed Cloud API webhooks, flows/bench-quiz.yaml (6 answers, 7 replies), each answer when the last reply arrived`,
    ['server', 'workers', 'msgs/s', 'journeys done', 'webhook ms p50 / p99', 'reply ms p50 / p99', 'CPU ms/msg', 'main / background / other', 'PostgreSQL CPU ms/msg', 'peak RSS MB'],
    pairs.flatMap(({ pair, round }) =>
      (['engine', 'floor'] as const).map((name) => {
        const run = pair[name];
        return [
          `${name}${round}`, String(pair.workers), `${run.messagesPerSecond} (${run.failed} failed)`, `${run.journeysDone} / ${run.journeys}`,
          p50p99(run.webhookMs), `${p50p99(run.replyMs)} (${run.replyMs.unanswered} unanswered)`,
          String(run.cpuMsPerMessage), byThread(run.threadCpuMsPerMessage), orDash(run.postgresCpuMsPerMessage), String(run.peakRssMb),
        ];
      }),
    ),
  );
  const counted = pairs.flatMap(({ pair, round }) => (['engine', 'floor'] as const).map((name) => ({ name: `${name}${round}`, workers: pair.workers, calls: pair[name].syscallsPerMessage })));
  if (counted.some(({ calls }) => calls)) {
    printTable('system calls per inbound message (BENCH_SYSCALLS=1), main / background / other threads', ['server', 'workers', 'call', 'main / background / other'],
      counted.flatMap(({ name, workers, calls }) => Object.entries(calls ?? {}).map(([call, threads]) => [name, String(workers), call, byThread(threads)])));
  }
  printTable('engine / floor', ['workers', 'throughput (target ≥ 0.7)', 'reply p99 (target ≤ 1.5)'],
    pairs.map(({ pair, round }) => [`${pair.workers}${round}`, String(pair.throughputRatio), String(pair.replyP99Ratio)]));
  const repeated = closedLoop.filter(({ rounds }) => rounds.length > 1);
  if (repeated.length === 0) return;
  printTable('engine / floor over the rounds: median (min–max)', ['workers', 'rounds', 'throughput (target ≥ 0.7)', 'reply p99 (target ≤ 1.5)', 'engine msgs/s', 'floor msgs/s'],
    repeated.map(({ workers, rounds, summary }) => [
      String(workers), String(rounds.length), spread(summary.throughputRatio), spread(summary.replyP99Ratio),
      spread(summary.engineMessagesPerSecond), spread(summary.floorMessagesPerSecond),
    ]));
}

/** The figures as plain-text tables on stdout: closed loop, open loop, broadcast, scale curve. */
export function printBenchTable(results: BenchResults): void {
  if (results.closedLoopRounds.length > 0) printClosedLoop(results.database, results.closedLoopRounds);
  if (results.instances) {
    const point = results.instances;
    printTable(
      `engine instances behind one PgBouncer (transaction mode), closed loop, ${point.workers} workers, ${point.spread}`,
      ['instances', 'msgs/s', 'journeys done', 'webhook ms p50 / p99', 'reply ms p50 / p99', 'throughput / 1 instance', 'reply p99 / 1 instance', 'CPU ms/msg (all)', 'PostgreSQL CPU ms/msg', 'peak RSS MB (largest)'],
      point.runs.map(({ instances, closedLoop: run, throughputVsOne, replyP99VsOne }) => [
        String(instances), `${run.messagesPerSecond} (${run.failed} failed)`, `${run.journeysDone} / ${run.journeys}`, p50p99(run.webhookMs),
        `${p50p99(run.replyMs)} (${run.replyMs.unanswered} unanswered)`, orDash(throughputVsOne), orDash(replyP99VsOne),
        String(run.cpuMsPerMessage), orDash(run.postgresCpuMsPerMessage), String(run.peakRssMb),
      ]),
    );
  }
  if (results.openLoop) {
    const open = results.openLoop;
    printTable(
      `open loop: ${open.engine.perSecond} webhooks a second whatever the replies (timed from each one's scheduled time)`,
      ['server', 'msgs', 'webhook ms p50 / p99 (target p99 < 50)', 'driver late ms p50 / p99', 'reply ms p50 / p99', 'backlog drained in ms', 'CPU ms/msg', 'PostgreSQL CPU ms/msg', 'peak RSS MB'],
      (['engine', 'floor'] as const).map((name) => {
        const run = open[name];
        return [
          name, `${run.messages} in ${run.postingSeconds} s (${run.failed} failed)`, p50p99(run.webhookMs), p50p99(run.driver.lateMs),
          `${p50p99(run.replyMs)} (${run.replyMs.unanswered} unanswered)`, String(run.drainMs),
          String(run.cpuMsPerMessage), orDash(run.postgresCpuMsPerMessage), String(run.peakRssMb),
        ];
      }),
    );
    // What limits the webhook's p99 in this run: the driver's own lateness (counted in it), else the machine (the floor shares it).
    const late = Math.max(open.engine.driver.lateMs.p99, open.floor.driver.lateMs.p99);
    const cpu = Math.max(open.engine.driver.cpuMsPerPost, open.floor.driver.cpuMsPerPost);
    const opened = (['engine', 'floor'] as const).map((name) => `${name} ${open[name].driver.newConnections}`).join(', ');
    console.log(`connections the driver opened while posting, beyond those opened before the first: ${opened}`);
    console.log(
      late > LATE_DRIVER_MS
        ? `the driver posted up to ${late} ms late (p99; ${cpu} ms of its CPU per webhook): that much of each webhook p99 is the driver's own, not the server's`
        : `posted on schedule (late p99 ${late} ms, ${cpu} ms of the driver's CPU per webhook); the floor's webhook p99 of ${open.floor.webhookMs.p99} ms is this machine's own, whatever the server`,
    );
  }
  if (results.broadcast) {
    const b = results.broadcast;
    printTable('broadcast', ['figure', 'value'], [
      [`${b.recipients} recipients queued in ms`, String(b.queuedInMs)],
      ['dispatch rate / channel limit (msgs/s)', `${b.dispatchPerSecond} / ${b.channelLimitPerSecond}`],
    ]);
  }
  if (results.curve.length === 0) return;
  printTable(
    'scale curve: signed Twilio webhooks, the onboarding journey, as the organization grows',
    ['workers', 'inbound msgs/s', 'webhook ms p50 / p95', 'reply ms p50 / p95', 'CPU ms/msg', 'peak RSS MB', 'search ms p50 / p95', 'worker page ms p50 / p95'],
    results.curve.map((point) => [
      String(point.workersInOrganization),
      `${point.messagesPerSecond} (${point.failed} failed)`,
      `${point.latencyMs.p50} / ${point.latencyMs.p95}`,
      `${point.replyLatencyMs.p50} / ${point.replyLatencyMs.p95} (${point.replyLatencyMs.unanswered} unanswered)`,
      String(point.engineCpuMsPerMessage),
      String(point.enginePeakRssMb),
      `${point.queries.workerListPageMs.p50} / ${point.queries.workerListPageMs.p95}`,
      `${point.queries.workerPageMs.p50} / ${point.queries.workerPageMs.p95}`,
    ]),
  );
}
