import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { timerRetryPolicy } from './timerRetryPolicy';

/**
 * Records a failed step of a timer this instance claimed (`claimedUntil`, its lease): one more
 * attempt, the error, and the next try later by exponential back-off; at the last attempt the
 * timer is set aside instead (kept, never fired again, listed for the admins), and at once when a
 * retry cannot help (`hopeless`: its stored event is malformed). Answers whether it was set aside;
 * undefined when the timer changed meanwhile (rescheduled, cancelled or claimed again).
 */
export async function recordTimerFailure(em: EntityManager, timerId: string, claimedUntil: Date, at: Date, error: string, hopeless = false): Promise<{ setAside: boolean } | undefined> {
  const { attempts, backoffBaseMs, backoffCapMs, errorChars } = timerRetryPolicy;
  const [row] = await scopedSql<{ set_aside: boolean }>(
    em,
    `update timers set attempts = attempts + 1, last_error = :error, claimed_until = null,
            due_at = case when attempts + 1 >= :attempts or :hopeless then due_at
                          else :at::timestamptz + least(:cap::float, :base::float * power(2, attempts)) * interval '1 millisecond' end,
            set_aside_at = case when attempts + 1 >= :attempts or :hopeless then :at::timestamptz end
      where organization_id = :organization_id and id = :id and claimed_until = :claimedUntil
      returning set_aside_at is not null as set_aside`,
    { id: timerId, claimedUntil, at, error: error.slice(0, errorChars), hopeless, attempts, base: backoffBaseMs, cap: backoffCapMs },
  );
  return row ? { setAside: row.set_aside } : undefined;
}
