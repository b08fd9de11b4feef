import type { EntityManager } from '@mikro-orm/postgresql';
import type { EarnedBadge } from '../gamification/awardRuleBadges';
import type { KeptStreakStep } from './announceKeptStreak';
import { enqueueOutbound } from './enqueueOutbound';
import { loadSystemTextOverrides } from './loadSystemTextOverrides';
import { systemText } from './systemTexts';

/** Tells the worker, in their language, each badge of the rules file the step just earned (recorded by `recordStepLedger`). */
export async function announceRuleBadges(em: EntityManager, step: Omit<KeptStreakStep, 'assignmentId'>, badges: readonly EarnedBadge[]): Promise<void> {
  if (badges.length === 0) return;
  const overrides = await loadSystemTextOverrides(em);
  for (const earned of badges) {
    const name = earned.name[step.language] ?? earned.name.en ?? Object.values(earned.name)[0];
    const badge = earned.tier ? `${name} (${earned.tier})` : name;
    await enqueueOutbound(em, { channelId: step.channelId, workerId: step.workerId, conversationId: step.conversationId, body: systemText(step.language, 'badgeAwarded', { badge }, overrides), priority: step.priority, at: step.at });
  }
}
