import type { FlowDocument } from '../blueprints/flowSchema';
import type { BadgeRule } from './rulesSchema';

/**
 * A flow file's `awards` as badge rules of the rules format: the machine still awards them in the
 * step (recorded in the ledger as `badgeAwarded`), and the backtest and API show them as rules.
 * `quizAllCorrect` of a phase becomes `phaseAllCorrectFirstTry`; `phaseCompleted` and a journey-wide
 * `quizAllCorrect` have no rule kind of their own and read, approximately, as finishing the journey.
 */
export function badgeRulesFromFlow(document: FlowDocument): BadgeRule[] {
  const names = new Map(document.badges.map((badge) => [badge.key, badge.name ?? { [document.blueprint.defaultLanguage]: badge.key }]));
  return document.awards.map((award) => ({
    key: award.badge,
    name: names.get(award.badge) ?? { [document.blueprint.defaultLanguage]: award.badge },
    condition:
      award.on === 'quizAllCorrect' && award.phase
        ? { when: 'phaseAllCorrectFirstTry' as const, phase: award.phase }
        : { when: 'journeyCompleted' as const, journey: document.blueprint.key },
  }));
}
