import type { ExperimentMetric } from './experimentDesign';

/** Each metric in words (the verdict's sentence) and whether more is better. */
export const metricLabels: Record<ExperimentMetric, { label: string; higherIsBetter: boolean }> = {
  journey_completion: { label: 'journey completion', higherIsBetter: true },
  touchpoint_completion: { label: 'touchpoint completion', higherIsBetter: true },
  first_try_correct: { label: 'first-try quiz correctness', higherIsBetter: true },
  quiz_score: { label: 'quiz score', higherIsBetter: true },
  reflection_submitted: { label: 'reflections submitted', higherIsBetter: true },
  well_being_change: { label: 'well-being change from baseline', higherIsBetter: true },
  time_to_complete: { label: 'time to complete (hours)', higherIsBetter: false },
  opt_out: { label: 'opt-out', higherIsBetter: false },
};
