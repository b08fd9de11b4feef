import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantReads } from '../db/openReadReplica';
import type { AnalyticsFilters } from './analyticsFilters';
import { ensureFreshFacts } from './ensureFreshFacts';
import type { ChannelDelivery } from './loadDeliveryByChannel';
import { countCohort, type TouchpointFigures } from './loadTouchpointFigures';
import { loadRolledUpTotals } from './loadRolledUpTotals';
import { loadTouchpointTexts } from './loadTouchpointTexts';
import { loadProgramTotals, readStoredTotals } from './programTotals';

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

/**
 * A program's funnel, questions, drop-off and delivery, from its facts (rebuilt first when stale
 * and small): unfiltered, the totals stored by the last rebuild; filtered, summed from the rollups
 * (a segment, an attribute with few values, days), else aggregated from the facts. The cohort
 * (enrolled, completed) comes from the rollups too, as of the same rebuild. The rebuild writes on
 * the primary (`em`); the figures are read from `reads` (the replica when there is one).
 */
export async function loadProgramAnalytics(em: EntityManager, programId: string, filters: AnalyticsFilters, now: Date, reads?: TenantReads): Promise<ProgramAnalytics> {
  const refreshedAt = await ensureFreshFacts(em, programId, now);
  const unfiltered = Object.values(filters).every((value) => value === undefined);
  const from = reads?.em ?? em;
  const [rolledUp, texts, stored, replicaLagSeconds] = await Promise.all([
    loadRolledUpTotals(from, programId, filters, now),
    loadTouchpointTexts(from, programId),
    unfiltered ? readStoredTotals(from, programId) : Promise.resolve(undefined),
    reads ? reads.lagSeconds() : null,
  ]);
  const cohort = rolledUp ?? (await countCohort(from, programId, filters));
  const totals = stored ?? rolledUp ?? (await loadProgramTotals(from, programId, filters, now));
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
  return { refreshedAt, enrolled: cohort.enrolled, completed: cohort.completed, dropped: cohort.dropped, touchpoints, delivery, replicaLagSeconds };
}
