import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export type OrganizationType = 'client' | 'expert';
export type SubscriptionTier = 'basic' | 'standard' | 'premium';

/** An organization as a platform operator sees it: no tenant data beyond counts. */
export interface OperatedOrganization {
  id: string;
  name: string;
  type: OrganizationType;
  subscriptionTier: SubscriptionTier;
  suspendedAt: string | null;
  workers: number;
  users: number;
  createdAt: string;
}

interface Row { id: string; name: string; type: OrganizationType; subscription_tier: SubscriptionTier; suspended_at: Date | null; workers: number; users: number; created_at: Date }

// The simulator's workers are counted apart: each count has an index of its own (src/db/README.md).
const select = `select o.id, o.name, o.type, o.subscription_tier, o.suspended_at, o.created_at,
    (select count(*)::int from workers w where w.organization_id = o.id and not w.simulated)
      + (select count(*)::int from workers w where w.organization_id = o.id and w.simulated) as workers,
    (select count(*)::int from users u where u.organization_id = o.id) as users
  from organizations o`;

const view = (row: Row): OperatedOrganization => ({
  id: row.id, name: row.name, type: row.type, subscriptionTier: row.subscription_tier, suspendedAt: row.suspended_at ? new Date(row.suspended_at).toISOString() : null,
  workers: row.workers, users: row.users, createdAt: new Date(row.created_at).toISOString(),
});

/** Every organization, by name. @param system an EntityManager in the system scope */
export async function listOrganizations(system: EntityManager): Promise<OperatedOrganization[]> {
  return (await scopedSql<Row>(system, `${select} order by o.name, o.id limit 1000`)).map(view);
}

/** One organization, or undefined. */
export async function readOrganization(system: EntityManager, id: string): Promise<OperatedOrganization | undefined> {
  const [row] = await scopedSql<Row>(system, `${select} where o.id = :id`, { id });
  return row ? view(row) : undefined;
}

/** Creates an organization of a type and tier; returns it. */
export async function createOrganization(system: EntityManager, input: { name: string; type: OrganizationType; tier: SubscriptionTier }): Promise<OperatedOrganization> {
  const [row] = await scopedSql<{ id: string }>(
    system,
    `insert into organizations (name, type, subscription_tier, settings) values (:name, :type, :tier, '{}') returning id`,
    input,
  );
  return (await readOrganization(system, row.id)) as OperatedOrganization;
}

/**
 * Changes an organization's name, type or tier (given fields only). An expert organization with
 * published listings stays an expert until they are unpublished: its clients' listings would
 * otherwise belong to an organization that may not publish. Answers a refusal message.
 */
export async function changeOrganization(
  system: EntityManager,
  id: string,
  patch: { name?: string; type?: OrganizationType; tier?: SubscriptionTier },
): Promise<OperatedOrganization | { refusal: string; field: string } | undefined> {
  if (patch.type === 'client') {
    const listed = await scopedSql(system, `select 1 from marketplace_listings where organization_id = :id and status = 'published' limit 1`, { id });
    if (listed.length > 0) return { refusal: 'type: this organization has published marketplace listings; they must be unpublished before it becomes a client', field: 'type' };
  }
  const rows = await scopedSql(
    system,
    `update organizations set name = coalesce(:name, name), type = coalesce(:type, type), subscription_tier = coalesce(:tier, subscription_tier), updated_at = now()
      where id = :id returning id`,
    { id, name: patch.name ?? null, type: patch.type ?? null, tier: patch.tier ?? null },
  );
  return rows.length > 0 ? readOrganization(system, id) : undefined;
}

/**
 * Suspends an organization (or lifts the suspension). While suspended its API keys and console
 * sessions are refused and its channels answer providers as a removed channel does (webhooks
 * refused, nothing sent); its rows stay as they are, so lifting the suspension restores
 * everything. Suspending a suspended organization keeps the first `suspendedAt`. Touching its
 * channels tells every instance's channel cache (channel_changed).
 */
export async function setSuspended(system: EntityManager, id: string, suspended: boolean, at: number): Promise<OperatedOrganization | undefined> {
  return system.transactional(async (tx) => {
    const suspendedAt = suspended ? 'coalesce(suspended_at, :at)' : 'null';
    const rows = await scopedSql(tx, `update organizations set suspended_at = ${suspendedAt}, updated_at = now() where id = :id returning id`, { id, at: new Date(at) });
    if (rows.length === 0) return undefined;
    await scopedSql(tx, `update channels set updated_at = now() where organization_id = :id`, { id });
    return readOrganization(tx, id);
  });
}
