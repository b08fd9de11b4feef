import type { EntityManager } from '@mikro-orm/postgresql';
import { pickLanguage } from '../blueprints/renderText';
import type { EarnedBadge } from '../gamification/awardRuleBadges';
import type { BadgeTier } from '../gamification/rulesSchema';
import type { KeptStreakStep } from './announceKeptStreak';
import { enqueueOutbound } from './enqueueOutbound';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { systemText, type SystemTextKey } from './systemTexts';

const tierTexts: Record<BadgeTier, SystemTextKey> = { bronze: 'tierBronze', silver: 'tierSilver', gold: 'tierGold' };

/** Tells the worker, in their language, each badge of the rules file the step just earned (recorded by `recordStepLedger`). */
export async function announceRuleBadges(em: EntityManager, step: Omit<KeptStreakStep, 'assignmentId'>, badges: readonly EarnedBadge[]): Promise<void> {
  if (badges.length === 0) return;
  const overrides = await loadSystemTextOverrides(em);
  const text = (key: SystemTextKey, values: Record<string, string> = {}) => systemText(step.language, key, values, overrides);
  for (const earned of badges) {
    const name = pickLanguage(earned.name, earned.name[step.language] ? step.language : step.language.split('-')[0], 'en');
    const badge = earned.tier ? text('badgeWithTier', { badge: name, tier: text(tierTexts[earned.tier]) }) : name;
    await enqueueOutbound(em, { channelId: step.channelId, workerId: step.workerId, conversationId: step.conversationId, body: text('badgeAwarded', { badge }), priority: step.priority, at: step.at });
  }
}
