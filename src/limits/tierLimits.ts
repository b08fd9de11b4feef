import type { EntityManager } from '@mikro-orm/postgresql';
import type { subscriptionTiers } from '../db/entities/Organization';
import { scopedSql } from '../db/tenancy/scopedSql';

type Tier = (typeof subscriptionTiers)[number];

export interface TierLimits {
  /** Workers held (any status); null is unlimited. */
  workers: number | null;
  /** Programs with status active at once; null is unlimited. */
  activePrograms: number | null;
  /** Broadcasts created per UTC day (dry runs do not count); null is unlimited. */
  broadcastsPerDay: number | null;
  /** Whether experiments may be created. */
  experiments: boolean;
}

/** The one table of subscription limits, enforced by the API (and printed in the README). */
export const tierLimits: Record<Tier, TierLimits> = {
  basic: { workers: 1_000, activePrograms: 2, broadcastsPerDay: 5, experiments: false },
  standard: { workers: 50_000, activePrograms: 20, broadcastsPerDay: 50, experiments: true },
  premium: { workers: null, activePrograms: null, broadcastsPerDay: null, experiments: true },
};

export type CountedLimit = 'workers' | 'activePrograms' | 'broadcastsPerDay';

/** A refusal the route answers with 402 `tier_limit`. */
export interface TierRefusal {
  code: 'tier_limit';
  /** The limit that refused (`experiments` for the experiments gate). */
  limit: CountedLimit | 'experiments';
  message: string;
}

const counters: Record<CountedLimit, { sql: string; noun: string }> = {
  workers: { sql: `select count(*)::int as n from workers where organization_id = :organization_id and not simulated`, noun: 'workers' },
  activePrograms: { sql: `select count(*)::int as n from programs where organization_id = :organization_id and status = 'active'`, noun: 'active programs' },
  broadcastsPerDay: {
    sql: `select count(*)::int as n from broadcasts where organization_id = :organization_id and created_at >= date_trunc('day', :at::timestamptz at time zone 'UTC') at time zone 'UTC'`,
    noun: 'broadcasts today (UTC)',
  },
};

/**
 * Whether the organization may add `adding` more of a counted thing under its tier; a refusal
 * says the limit, the current count and what to do.
 */
export async function checkTierLimit(em: EntityManager, limit: CountedLimit, adding: number, at: number): Promise<TierRefusal | undefined> {
  const [org] = await scopedSql<{ subscription_tier: Tier }>(em, `select subscription_tier from organizations where id = :organization_id`);
  const max = tierLimits[org.subscription_tier][limit];
  if (max === null || adding <= 0) return undefined;
  const [{ n }] = await scopedSql<{ n: number }>(em, counters[limit].sql, limit === 'broadcastsPerDay' ? { at: new Date(at) } : {});
  if (n + adding <= max) return undefined;
  return {
    code: 'tier_limit',
    limit,
    message: `The ${org.subscription_tier} tier allows ${max} ${counters[limit].noun}; you have ${n} and this would add ${adding}. ${describeLiftingTier(limit, n + adding)} or remove some first.`,
  };
}

/** "The standard tier allows 50000": the first tier whose limit takes `needed`, or what to do when none does. */
function describeLiftingTier(limit: CountedLimit, needed: number): string {
  const lifting = (Object.entries(tierLimits) as [Tier, TierLimits][]).find(([, limits]) => limits[limit] === null || (limits[limit] as number) >= needed);
  if (!lifting) return 'No tier allows that many: split the work';
  const [tier, limits] = lifting;
  return `The ${tier} tier allows ${limits[limit] === null ? 'any number' : String(limits[limit])}: upgrade the subscription`;
}

/** Whether the organization's tier allows experiments; a refusal (402 `tier_limit`) says which tiers do. */
export async function checkExperimentsAllowed(em: EntityManager): Promise<TierRefusal | undefined> {
  const [org] = await scopedSql<{ subscription_tier: Tier }>(em, `select subscription_tier from organizations where id = :organization_id`);
  if (tierLimits[org.subscription_tier].experiments) return undefined;
  const allowed = Object.entries(tierLimits).filter(([, limits]) => limits.experiments).map(([tier]) => tier);
  return { code: 'tier_limit', limit: 'experiments', message: `The ${org.subscription_tier} tier does not include experiments; the ${allowed.join(' and ')} tiers do.` };
}
