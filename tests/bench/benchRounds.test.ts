import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBenchOptions } from '../../src/bench/benchOptions';
import { printBenchTable } from '../../src/bench/printBenchTable';
import type { ClosedLoopPair } from '../../src/bench/runQuizPhases';
import { spreadOf, summarizeRounds } from '../../src/bench/summarizeRounds';

const latency = { count: 600, p50: 400, p95: 800, p99: 900, max: 1000 };
const run = (messagesPerSecond: number) => ({
  workers: 100, journeys: 100, messages: 600, failed: 0, journeysDone: 100, seconds: 5, messagesPerSecond,
  webhookMs: latency, replyMs: { ...latency, unanswered: 0 }, statusWebhooks: { posted: 700, failed: 0 },
  cpuMsPerMessage: 5, threadCpuMsPerMessage: null, postgresCpuMsPerMessage: null, peakRssMb: 200,
});
const pair = (engine: number, floor: number, replyP99Ratio: number): ClosedLoopPair => ({
  workers: 100, engine: run(engine), floor: run(floor), throughputRatio: Math.round((engine / floor) * 100) / 100, replyP99Ratio,
});

function printed(rounds: ClosedLoopPair[]): string {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  printBenchTable({
    ranAt: '', database: 'postgresql', options: readBenchOptions([]), closedLoop: [rounds[0]],
    closedLoopRounds: [{ workers: 100, rounds, summary: summarizeRounds(rounds) }], curve: [],
  });
  return log.mock.calls.map((call) => String(call[0])).join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the bench's rounds", () => {
  it('takes the middle figure of an odd number of rounds and the mean of the middle two of an even number, with the range', () => {
    expect(spreadOf([0.65, 0.49, 0.58])).toEqual({ median: 0.58, min: 0.49, max: 0.65 });
    expect(spreadOf([0.61, 0.49, 0.65, 0.55])).toEqual({ median: 0.58, min: 0.49, max: 0.65 });
    expect(spreadOf([1.27])).toEqual({ median: 1.27, min: 1.27, max: 1.27 });
  });

  it("summarizes each figure over the rounds: the ratios of each round (not the ratio of the medians) and each server's msgs/s", () => {
    const summary = summarizeRounds([pair(120, 200, 1.3), pair(150, 300, 1.1), pair(130, 200, 1.6), pair(110, 240, 1.2)]);
    // Ratios 0.6, 0.5, 0.65, 0.46: the median is 0.55, where the ratio of the medians (125 / 220) would be 0.57.
    expect(summary).toEqual({
      throughputRatio: { median: 0.55, min: 0.46, max: 0.65 },
      replyP99Ratio: { median: 1.25, min: 1.1, max: 1.6 },
      engineMessagesPerSecond: { median: 125, min: 110, max: 150 },
      floorMessagesPerSecond: { median: 220, min: 200, max: 300 },
    });
  });

  it('runs one round unless told, and refuses none', () => {
    expect(readBenchOptions([]).rounds).toBe(1);
    expect(readBenchOptions(['--rounds', '3']).rounds).toBe(3);
    expect(() => readBenchOptions(['--rounds', '0'])).toThrow(/--rounds/);
  });

  it('prints one round as before, and several with each row labelled and their medians after', () => {
    const one = printed([pair(120, 200, 1.3)]);
    expect(one).not.toMatch(/round \d|over the rounds/);
    expect(one).toContain('engine | 100     | 120 (0 failed)');

    const three = printed([pair(120, 200, 1.3), pair(150, 300, 1.1), pair(130, 200, 1.6)]);
    expect(three).toContain('floor (round 2 of 3)  | 100     | 300 (0 failed)');
    expect(three).toMatch(/100 \(round 3 of 3\) \| 0\.65 +\| 1\.6/);
    expect(three).toMatch(/100 +\| 3 +\| 0\.6 \(0\.5–0\.65\) +\| 1\.3 \(1\.1–1\.6\) +\| 130 \(120–150\) +\| 200 \(200–300\)/);
  });
});
