import type { ClosedLoopPair } from './runQuizPhases';

/** The median of a set of figures (of the middle two when they are even), and its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** What the summary reads of one round's pair. */
type Round = Pick<ClosedLoopPair, 'throughputRatio' | 'replyP99Ratio'> & Record<'engine' | 'floor', { messagesPerSecond: number }>;

/** Engine / floor over the rounds at one number of workers: the ratios' medians and ranges, and the median msgs/s of each server. */
export interface RoundsSummary {
  throughputRatio: Spread;
  replyP99Ratio: Spread;
  engineMessagesPerSecond: Spread;
  floorMessagesPerSecond: Spread;
}

/** Every round's pair at one number of workers (engine, floor, engine, floor, …) and their summary. */
export interface ClosedLoopRounds {
  workers: number;
  rounds: ClosedLoopPair[];
  summary: RoundsSummary;
}

export function spreadOf(values: number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median: Math.round(median * 100) / 100, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function summarizeRounds(rounds: Round[]): RoundsSummary {
  return {
    throughputRatio: spreadOf(rounds.map((round) => round.throughputRatio)),
    replyP99Ratio: spreadOf(rounds.map((round) => round.replyP99Ratio)),
    engineMessagesPerSecond: spreadOf(rounds.map((round) => round.engine.messagesPerSecond)),
    floorMessagesPerSecond: spreadOf(rounds.map((round) => round.floor.messagesPerSecond)),
  };
}
