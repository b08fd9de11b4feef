import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowDocument } from '../blueprints/flowSchema';
import { ledgerEntriesForStep } from './ledgerEntriesForStep';
import type { LedgerEntry } from './ledgerEntry';
import { loadActiveRules, type ActiveRules } from './loadActiveRules';
import { awardRuleBadges, type EarnedBadge } from './awardRuleBadges';
import { recordLedgerEntries, type LedgerWrite, type LedgerWriteResult } from './recordLedgerEntries';
import { touchpointFactsOf } from './touchpointFactsOf';

/** The step whose actions earn points. */
export interface LedgerStepSource {
  conversationId: string;
  workerId: string;
  assignmentId: string;
  document: FlowDocument;
  /** Business time, epoch ms. */
  at: number;
  /** The worker's IANA timezone (from the machine's facts). */
  timezone: string;
  /** false when the worker's delivery policy (the program, or their experiment variant) switches gamification off: nothing is earned. */
  gamification: boolean;
}

/** What one conversation step earns under these rules, and how it is written (pure). */
export function planStepLedger(source: LedgerStepSource, actions: readonly { type: string; params?: unknown }[], active: ActiveRules): { entries: LedgerEntry[]; write: LedgerWrite } {
  const entries = !source.gamification ? [] : ledgerEntriesForStep(actions, {
    workerId: source.workerId,
    conversationId: source.conversationId,
    journey: source.document.blueprint.key,
    touchpoints: touchpointFactsOf(source.document),
  }, active.rules);
  const write: LedgerWrite = {
    workerId: source.workerId,
    program: { assignmentId: source.assignmentId },
    at: source.at,
    timezone: source.timezone,
    ruleVersion: active.version,
    dailyCap: active.rules.dailyCap ?? null,
    streakPeriod: active.rules.streak.period,
  };
  return { entries, write };
}

/**
 * What one conversation step earns, written with one statement in the step's transaction (the
 * rules come from a per-process cache). Called once per step, after its actions ran. Says whether
 * the step was the worker's first activity of the streak period (then a kept streak is announced)
 * and which badges of the rules file the new entries earned (recorded here; the engine announces them).
 */
export async function recordStepLedger(em: EntityManager, source: LedgerStepSource, actions: readonly { type: string; params?: unknown }[]): Promise<LedgerWriteResult & { badges: EarnedBadge[] }> {
  const active = await loadActiveRules(em);
  const { entries, write } = planStepLedger(source, actions, active);
  const result = await recordLedgerEntries(em, entries, write);
  return { ...result, badges: result.inserted > 0 ? await awardRuleBadges(em, active.rules, write) : [] };
}
