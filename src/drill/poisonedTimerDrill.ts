import type { MikroORM } from '@mikro-orm/postgresql';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { deleteChannel } from '../channelAdmin/deleteChannel';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { systemClock } from '../time/clock';
import { createLogger } from '../logging/createLogger';
import { startScheduler } from '../scheduler/startScheduler';
import type { DrillVerdict } from './drillVerdict';

/** One due timer per running conversation of an organization (a stale reminder: the step runs, the machine ignores it); answers how many. */
async function addDueTimers(orm: MikroORM, organizationId: string, dueAt: Date): Promise<number> {
  const added = await scopedSql(
    forOrganization(orm.em, organizationId),
    `insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at)
     select organization_id, id, 'drill', '{"type": "REMINDER", "touchpoint": "drill"}', :dueAt, :dueAt
       from conversations where organization_id = :organization_id and status = 'active' returning id`,
    { dueAt },
  );
  return added.length;
}

/**
 * A timer whose step always throws (its organization's only channel force-deleted, issue 14)
 * falls due before every timer of a healthy organization; one scheduler tick, in small batches,
 * must fire every healthy timer, and count one failed attempt on the poisoned ones.
 */
export async function poisonedTimerDrill(orm: MikroORM, healthy: BenchOrganization, poisoned: BenchOrganization): Promise<DrillVerdict> {
  const started = performance.now();
  const deleted = await forOrganization(orm.em, poisoned.organizationId).transactional((tx) => deleteChannel(tx, poisoned.channelId, { force: true, now: new Date() }));
  const tickAt = Date.now();
  const poisonedDue = await addDueTimers(orm, poisoned.organizationId, new Date(tickAt - 60_000));
  const healthyDue = await addDueTimers(orm, healthy.organizationId, new Date(tickAt - 1_000));
  const scheduler = startScheduler({ orm, clock: systemClock, logger: createLogger('silent'), timerBatch: 50, timerTickCron: '0 0 1 1 *' });
  await scheduler.tick();
  await scheduler.stop();
  const [left] = await scopedSql<{ count: number }>(forOrganization(orm.em, healthy.organizationId), 'select count(*)::int as count from timers where organization_id = :organization_id and due_at <= :tickAt', { tickAt: new Date(tickAt) });
  const [failed] = await scopedSql<{ count: number }>(forOrganization(orm.em, poisoned.organizationId), 'select count(*)::int as count from timers where organization_id = :organization_id and attempts > 0');
  return {
    drill: 'a timer that always throws beside healthy ones',
    checked: 'one tick fires every healthy timer due; the poisoned ones fail, are counted and backed off',
    counts: { healthyDue, healthyLeft: left.count, poisonedDue, poisonedFailed: failed.count, channelDeleted: String(deleted.ok) },
    passed: deleted.ok && healthyDue > 0 && poisonedDue > 0 && left.count === 0 && failed.count === poisonedDue,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}
