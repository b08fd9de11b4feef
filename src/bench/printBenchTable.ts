import type { LatencySummary, RunFigures } from './latencySummary';
import type { QueryFigures } from './measureQueries';
import type { BroadcastFigures } from './runBroadcast';

interface BenchResults {
  database: string;
  inbound: RunFigures & { workersInOrganization: number; engineCpuMsPerMessage: number; enginePeakRssMb: number; replyLatencyMs: LatencySummary & { unanswered: number } };
  broadcast?: BroadcastFigures;
  floor: RunFigures;
  engineToFloorRatio: number;
  queries: QueryFigures;
  scale?: { inbound: BenchResults['inbound']; queries: QueryFigures };
}

const latency = (l: LatencySummary) => `p50 ${l.p50} · p95 ${l.p95} · p99 ${l.p99} · max ${l.max}`;

/** The figures as a plain-text table on stdout. */
export function printBenchTable(results: BenchResults): void {
  const rows: [string, string][] = [
    ['database', results.database],
    ['inbound: messages/s (whole pipeline, signed Twilio webhooks)', `${results.inbound.messagesPerSecond} (${results.inbound.messages} msgs, ${results.inbound.failed} failed, ${results.inbound.seconds} s)`],
    ['inbound: webhook latency ms', latency(results.inbound.latencyMs)],
    ['inbound → reply handed to the provider fake, ms', `${latency(results.inbound.replyLatencyMs)} (${results.inbound.replyLatencyMs.unanswered} unanswered)`],
    ['floor: messages/s (same writes, plain SQL, same pool)', `${results.floor.messagesPerSecond}`],
    ['engine / floor', `${results.engineToFloorRatio}`],
    ['engine CPU ms per message', `${results.inbound.engineCpuMsPerMessage}`],
    ['engine peak RSS MB', `${results.inbound.enginePeakRssMb}`],
    [`console worker search ms (${results.queries.workersInOrganization} workers)`, latency(results.queries.workerListPageMs)],
    [`worker page ms (${results.queries.workersInOrganization} workers)`, latency(results.queries.workerPageMs)],
  ];
  if (results.broadcast) {
    const b = results.broadcast;
    rows.push(
      [`broadcast: ${b.recipients} recipients queued in ms`, `${b.queuedInMs}`],
      ['broadcast: dispatch rate / channel limit (msgs/s)', `${b.dispatchPerSecond} / ${b.channelLimitPerSecond}`],
    );
  }
  if (results.scale) {
    const { inbound, queries } = results.scale;
    rows.push(
      [`scale: inbound messages/s (${inbound.workersInOrganization} workers)`, `${inbound.messagesPerSecond} (${inbound.failed} failed)`],
      ['scale: webhook latency ms', latency(inbound.latencyMs)],
      ['scale: engine CPU ms per message', `${inbound.engineCpuMsPerMessage}`],
      ['scale: engine peak RSS MB', `${inbound.enginePeakRssMb}`],
      [`scale: console worker search ms`, latency(queries.workerListPageMs)],
      [`scale: worker page ms`, latency(queries.workerPageMs)],
    );
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\n${'figure'.padEnd(width)} | value\n${'-'.repeat(width)}-|-${'-'.repeat(40)}`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)} | ${value}`);
}
