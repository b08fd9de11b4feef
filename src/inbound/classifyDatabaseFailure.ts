import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';
import { probeDatabase } from '../db/probeDatabase';

/**
 * Why a unit of work failed: `unavailable`, the database cannot be reached (spool, retry later);
 * `busy`, it answers but no pooled connection came in time (retry later, do not spool);
 * `own`, the work itself was refused (a bug, a constraint, a value it cannot store).
 */
export type DatabaseFailure = 'unavailable' | 'busy' | 'own';

function isPoolTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === 'KnexTimeoutError' || /Timeout acquiring a connection/i.test(current.message)) return true;
    current = current.cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}

/**
 * Classifies a failure by what it is. An error that looks like a lost connection or an exhausted
 * pool is confirmed with a probe on a connection of its own: when the database answers, a lost
 * connection was this work's (counted against its attempts) and a pool timeout means busy.
 */
export async function classifyDatabaseFailure(orm: MikroORM, error: unknown, probeTimeoutMs: number): Promise<DatabaseFailure> {
  const poolTimeout = isPoolTimeout(error);
  if (!poolTimeout && !isDatabaseUnavailable(error)) return 'own';
  if (!(await probeDatabase(orm, probeTimeoutMs))) return 'unavailable';
  return poolTimeout ? 'busy' : 'own';
}
