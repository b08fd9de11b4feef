import type { FlowDocument, Phase, Touchpoint } from './flowSchema';
import { quizPointsOf } from './evaluateAnswer';

/** Where a touchpoint sits in its blueprint. */
export type TouchpointEntry = {
  touchpoint: Touchpoint;
  phase: Phase;
  /** Position in the phase, from 0. */
  index: number;
  /** Position in the whole blueprint, from 0. */
  order: number;
};

/** Lookups over a blueprint document, built once per compilation. */
export type BlueprintIndex = {
  doc: FlowDocument;
  touchpoints: Map<string, TouchpointEntry>;
  phases: Map<string, { phase: Phase; index: number }>;
  /** Sum of the points of every quiz. */
  maxScore: number;
};

/** Indexes touchpoints and phases by key (the first one wins on duplicates). */
export function indexBlueprint(doc: FlowDocument): BlueprintIndex {
  const touchpoints = new Map<string, TouchpointEntry>();
  const phases = new Map<string, { phase: Phase; index: number }>();
  let order = 0;
  let maxScore = 0;
  doc.phases.forEach((phase, phaseIndex) => {
    if (!phases.has(phase.key)) phases.set(phase.key, { phase, index: phaseIndex });
    phase.touchpoints.forEach((touchpoint, index) => {
      if (!touchpoints.has(touchpoint.key)) touchpoints.set(touchpoint.key, { touchpoint, phase, index, order });
      if (touchpoint.type === 'quiz') maxScore += quizPointsOf(touchpoint);
      order++;
    });
  });
  return { doc, touchpoints, phases, maxScore };
}

/** True when the touchpoint waits for the worker's answer. */
export function expectsAnswer(touchpoint: Touchpoint): boolean {
  return touchpoint.type === 'question' || touchpoint.type === 'quiz' || touchpoint.type === 'reflection' || touchpoint.type === 'wellbeing';
}
