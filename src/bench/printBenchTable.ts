import type { LatencySummary, RunFigures } from './latencySummary';
import type { CurvePoint } from './benchFigures';
import type { BroadcastFigures } from './runBroadcast';

interface BenchResults {
  database: string;
  inbound: CurvePoint;
  broadcast?: BroadcastFigures;
  floor: RunFigures;
  engineToFloorRatio: number;
  curve: CurvePoint[];
}

const latency = (l: LatencySummary) => `p50 ${l.p50} · p95 ${l.p95} · p99 ${l.p99} · max ${l.max}`;

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}`);
  for (const row of rows) console.log(line(row));
}

/** The figures as plain-text tables on stdout: the first run, the broadcast, then the scale curve. */
export function printBenchTable(results: BenchResults): void {
  const { inbound } = results;
  const rows: string[][] = [
    ['database', results.database],
    [`inbound: messages/s (whole pipeline, signed Twilio webhooks, ${inbound.workersInOrganization} workers)`, `${inbound.messagesPerSecond} (${inbound.messages} msgs, ${inbound.failed} failed, ${inbound.seconds} s)`],
    ['inbound: webhook latency ms', latency(inbound.latencyMs)],
    ['at full load: inbound → reply handed to the provider fake, ms', `${latency(inbound.replyLatencyMs)} (${inbound.replyLatencyMs.unanswered} unanswered)`],
    ...(inbound.paced
      ? [[`steady ${inbound.paced.perSecond} msgs/s → reply handed to the provider fake, ms`, `${latency(inbound.paced.replyLatencyMs)} (${inbound.paced.messages} msgs, ${inbound.paced.failed} failed, ${inbound.paced.replyLatencyMs.unanswered} unanswered)`]]
      : []),
    ['floor: messages/s (same writes, plain SQL, same pool)', `${results.floor.messagesPerSecond}`],
    ['engine / floor', `${results.engineToFloorRatio}`],
  ];
  if (results.broadcast) {
    const b = results.broadcast;
    rows.push(
      [`broadcast: ${b.recipients} recipients queued in ms`, `${b.queuedInMs}`],
      ['broadcast: dispatch rate / channel limit (msgs/s)', `${b.dispatchPerSecond} / ${b.channelLimitPerSecond}`],
    );
  }
  printTable(['figure', 'value'], rows);
  printTable(
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
