import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Groups of fewer workers than this are suppressed: their figures could point at a person. */
export const MIN_GROUP_WORKERS = 10;

/** A figure over a group of workers, or only the fact that the group is too small to show. */
export type Suppressible<T> = ({ suppressed: false; workers: number } & T) | { suppressed: true };

/** What the expert learns of a listing's use across client organizations: counts, never a person or a text. */
export interface ListingUsage {
  listingId: string;
  minGroupWorkers: number;
  /** Client organizations holding an active licence, and those that installed it. */
  licences: number;
  installs: number;
  enrolled: Suppressible<{ completed: number }>;
  funnel: ({ touchpoint: string } & Suppressible<object>)[];
  quiz: ({ touchpoint: string } & Suppressible<{ firstTryCorrectPercent: number }>)[];
  wellBeing: ({ week: string } & Suppressible<{ average: number }>)[];
}

function suppress<T extends object>(workers: number, figures: T): Suppressible<T> {
  return workers < MIN_GROUP_WORKERS ? { suppressed: true } : { suppressed: false, workers, ...figures };
}

// The client organizations' copies of the listing's versions; every figure is read through them.
const installedTouchpoints = `select t.id, t.key, ph.sequence_order as phase_order, t.sequence_order
    from marketplace_listing_versions v join journey_blueprints jb on jb.origin_listing_version_id = v.id
    join phases ph on ph.journey_blueprint_id = jb.id join touchpoints t on t.phase_id = ph.id
   where v.listing_id = :listing`;

/**
 * Usage of one listing of the expert organization (the scope; the route checks it owns the
 * listing), aggregated over every client that installed it: licences and installs, workers
 * enrolled and completing, the completion funnel per touchpoint, first-try quiz correctness per
 * question and the weekly well-being average. Only counts and averages cross organizations, and a
 * group of fewer than MIN_GROUP_WORKERS workers is suppressed.
 */
export async function readListingUsage(em: EntityManager, listingId: string): Promise<ListingUsage> {
  const params = { listing: listingId };
  const [counts] = await scopedSql<{ licences: number; installs: number; workers: number; completed: number }>(
    em,
    `select (select count(*)::int from marketplace_licences c where c.listing_id = l.id and c.status = 'active') as licences,
            (select count(*)::int from marketplace_licences c where c.listing_id = l.id and c.installed_key is not null) as installs,
            count(distinct conv.worker_id)::int as workers,
            count(distinct conv.worker_id) filter (where conv.status = 'completed')::int as completed
       from marketplace_listings l
       left join marketplace_listing_versions v on v.listing_id = l.id
       left join journey_blueprints jb on jb.origin_listing_version_id = v.id
       left join conversations conv on conv.journey_blueprint_id = jb.id
      where l.organization_id = :organization_id and l.id = :listing group by l.id`,
    params,
  );
  const steps = await scopedSql<{ key: string; workers: number; correct_first: number; answered_first: number }>(
    em,
    `with tp as (${installedTouchpoints} and v.organization_id = :organization_id)
     select tp.key, count(distinct wa.worker_id) filter (where wp.completed_at is not null)::int as workers,
            count(distinct wa.worker_id) filter (where wp.attempt = 1 and wp.correct)::int as correct_first,
            count(distinct wa.worker_id) filter (where wp.attempt = 1 and wp.correct is not null)::int as answered_first
       from tp join worker_progress wp on wp.touchpoint_id = tp.id join worker_assignments wa on wa.id = wp.worker_assignment_id
      group by tp.key order by min(tp.phase_order), min(tp.sequence_order)`,
    params,
  );
  const weeks = await scopedSql<{ week: Date; workers: number; average: number }>(
    em,
    `with tp as (${installedTouchpoints} and v.organization_id = :organization_id)
     select date_trunc('week', a.answered_at) as week, count(distinct a.worker_id)::int as workers, round(avg(a.value), 2)::float as average
       from tp join well_being_answers a on a.touchpoint_id = tp.id group by 1 order by 1`,
    params,
  );
  return {
    listingId,
    minGroupWorkers: MIN_GROUP_WORKERS,
    licences: counts?.licences ?? 0,
    installs: counts?.installs ?? 0,
    enrolled: suppress(counts?.workers ?? 0, { completed: counts?.completed ?? 0 }),
    funnel: steps.map((step) => ({ touchpoint: step.key, ...suppress(step.workers, {}) })),
    quiz: steps
      .filter((step) => step.answered_first > 0)
      .map((step) => ({ touchpoint: step.key, ...suppress(step.answered_first, { firstTryCorrectPercent: Math.round((100 * step.correct_first) / step.answered_first) }) })),
    wellBeing: weeks.map((week) => ({ week: new Date(week.week).toISOString().slice(0, 10), ...suppress(week.workers, { average: week.average }) })),
  };
}
