import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { evaluateBadges } from './evaluateBadges';
import type { LedgerEntry } from './ledgerEntry';
import { loadWorkerHistories } from './loadWorkerHistories';
import { pointsFor } from './pointsFor';
import { recordLedgerEntries, type LedgerWrite } from './recordLedgerEntries';
import type { BadgeTier, GamificationRules } from './rulesSchema';

/** A badge of the rules file a worker has just earned, with its names to announce it. */
export interface EarnedBadge {
  /** `key`, or `key:tier` for a tiered badge. */
  badge: string;
  name: Record<string, string>;
  tier?: BadgeTier;
}

/**
 * Evaluates the rules file's badges on the worker's standing ledger (after a step recorded new
 * entries) and records the ones not yet awarded as `badgeAwarded` (key `badge:<worker>:<badge>`,
 * so each badge and tier once). Returns those awarded now.
 */
export async function awardRuleBadges(em: EntityManager, rules: GamificationRules, write: LedgerWrite): Promise<EarnedBadge[]> {
  if (rules.badges.length === 0) return [];
  const [history] = await loadWorkerHistories(em, write.workerId);
  if (!history) return [];
  const [{ points }] = await scopedSql<{ points: number }>(
    em,
    'select coalesce(sum(points), 0)::int as points from gamification_balances where organization_id = :organization_id and worker_id = :worker',
    { worker: write.workerId },
  );
  const earned = evaluateBadges(rules, history.events, points, history.timezone, write.at);
  const keyOf = (badge: string) => `badge:${write.workerId}:${badge}`;
  const known = new Set(
    (await scopedSql<{ idempotency_key: string }>(
      em,
      'select idempotency_key from gamification_ledger where organization_id = :organization_id and idempotency_key in (select jsonb_array_elements_text(:keys::jsonb))',
      { keys: JSON.stringify(earned.map(keyOf)) },
    )).map((r) => r.idempotency_key),
  );
  const fresh = earned.filter((badge) => !known.has(keyOf(badge)));
  if (fresh.length === 0) return [];
  const entries: LedgerEntry[] = fresh.map((badge) => {
    const [key, tier] = badge.split(':');
    return { kind: 'badgeAwarded', points: pointsFor(rules, 'badgeAwarded', { badge: key, tier }), idempotencyKey: keyOf(badge), detail: { badge: key, ...(tier ? { tier } : {}) } };
  });
  await recordLedgerEntries(em, entries, write);
  return fresh.map((badge) => {
    const [key, tier] = badge.split(':');
    return { badge, name: rules.badges.find((b) => b.key === key)!.name, ...(tier ? { tier: tier as BadgeTier } : {}) };
  });
}
