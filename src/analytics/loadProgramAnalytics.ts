import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantReads } from '../db/openReadReplica';
import type { AnalyticsFilters } from './analyticsFilters';
import { ensureFreshFacts } from './ensureFreshFacts';
import type { ChannelDelivery } from './loadDeliveryByChannel';
import { loadRolledUpTotals, splitOf, type Split } from './loadRolledUpTotals';
import type { TouchpointFigures } from './loadTouchpointFigures';
import { loadTouchpointTexts } from './loadTouchpointTexts';
import { loadLiveTotals, readStoredTotals, type CohortTotals } from './programTotals';
import { combinationKey } from './refreshRollups';
import { rollUpCombination } from './rollUpCombination';

/** An option of a question with the workers who chose it. `share` is `eventual` out of the question's answers with an option (0–1). */
export interface OptionResult {
  id: string;
  text: string;
  firstTry: number;
  eventual: number;
  share: number | null;
}

/** A touchpoint's figures with its text in the organization's language (and its options, for a question or quiz). */
export interface TouchpointResult extends TouchpointFigures {
  journey: string;
  text: string;
  options: OptionResult[];
}

/** Every figure of a program under the filters. */
export interface ProgramAnalytics {
  /** When the facts were rebuilt; null: not built yet (a large program waits for the refresh job). */
  refreshedAt: Date | null;
  /** Filtered workers enrolled, and those who completed the program: the denominator of the funnel. */
  enrolled: number;
  completed: number;
  /** Of those enrolled, workers unenrolled (their assignment dropped): never counted as completed. */
  dropped: number;
  /** Every touchpoint of the program's journeys, in play order, reached or not. */
  touchpoints: TouchpointResult[];
  delivery: ChannelDelivery[];
  /** Seconds the replica the figures were read from was behind; null: read from the primary. */
  replicaLagSeconds: number | null;
}

const zero: Omit<TouchpointFigures, 'blueprint' | 'touchpoint' | 'type'> = {
  reached: 0, completed: 0, answered: 0, firstTryCorrect: 0, eventuallyCorrect: 0, missed: 0, attemptsAverage: null, attemptsMax: null,
  medianSecondsToAnswer: null, stoppedHere: 0, stoppedForMedianSeconds: null,
  messages: { sent: 0, delivered: 0, read: 0, failed: 0, queued: 0, heldQuietHours: 0, heldWindowClosed: 0, heldOther: 0 },
};

/** The figures' totals: stored by the last rebuild (unfiltered), summed from the rollups (a split they hold), else aggregated live. */
async function loadTotals(from: EntityManager, programId: string, split: Split | null, filters: AnalyticsFilters, now: Date): Promise<CohortTotals> {
  if (!split) return loadLiveTotals(from, programId, filters, now);
  if (split.split === 'all' && !filters.from && !filters.to) return (await readStoredTotals(from, programId)) ?? loadLiveTotals(from, programId, filters, now);
  return loadRolledUpTotals(from, programId, split, filters, now);
}

/**
 * A program's funnel, questions, drop-off and delivery, from its facts (rebuilt first when stale
 * and small), in two round trips once they are fresh: when the facts were rebuilt, then the totals
 * and the touchpoints' texts in parallel. Unfiltered, the totals stored by the last rebuild;
 * filtered, summed from the rollups (a segment, an attribute with few values, both together —
 * rolled up at the first such view —, days), else aggregated from the facts. The cohort (enrolled,
 * completed) comes with them, as of the same rebuild. The rebuild writes on the primary (`em`);
 * the figures are read from `reads` (the replica when there is one), except right after a
 * combination was rolled up (the replica may not have it yet).
 */
export async function loadProgramAnalytics(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date, reads?: TenantReads): Promise<ProgramAnalytics> {
  const { refreshedAt, rolledUp } = await ensureFreshFacts(em, programId, now);
  const split = rolledUp ? splitOf(filters, rolledUp) : null;
  const newCombination = split?.split === 'combination' && !rolledUp!.combinations.some((c) => combinationKey(c) === split.key);
  if (newCombination) await rollUpCombination(em, programId, { segmentId: filters.segmentId!, attribute: filters.attribute! }, now);
  const from = newCombination ? em : (reads?.em ?? em);
  const [totals, texts, replicaLagSeconds] = await Promise.all([
    loadTotals(from, programId, split, filters, now),
    loadTouchpointTexts(from, programId),
    reads && !newCombination ? reads.lagSeconds() : null,
  ]);
  const { figures, chosen, delivery } = totals;
  const touchpoints = texts.map((tp): TouchpointResult => {
    const figure = figures.find((f) => f.blueprint === tp.blueprint && f.touchpoint === tp.touchpoint);
    const counts = chosen.filter((c) => c.blueprint === tp.blueprint && c.touchpoint === tp.touchpoint);
    const withOption = counts.reduce((sum, c) => sum + c.eventual, 0);
    const options = tp.options.map((option) => {
      const count = counts.find((c) => c.option === option.id);
      const eventual = count?.eventual ?? 0;
      return { id: option.id, text: option.text, firstTry: count?.firstTry ?? 0, eventual, share: withOption > 0 ? eventual / withOption : null };
    });
    return { ...zero, ...figure, blueprint: tp.blueprint, touchpoint: tp.touchpoint, type: tp.type, journey: tp.journey, text: tp.text, options };
  });
  return { refreshedAt, enrolled: totals.enrolled, completed: totals.completed, dropped: totals.dropped, touchpoints, delivery, replicaLagSeconds };
}
