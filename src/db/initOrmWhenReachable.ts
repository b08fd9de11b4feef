import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from './isDatabaseUnavailable';

/** Told before each wait while the database cannot be reached: why, and how long until the next try. */
export type OnUnreachable = (reason: string, retryInMs: number) => void;

/**
 * Connects the ORM. Without `onUnreachable`, an unreachable database throws at once; with it,
 * connecting is retried (1 s, doubling, at most 30 s apart) until the database answers. Any
 * other error (bad credentials, unknown database) still throws.
 */
export async function initOrmWhenReachable(options: Options, onUnreachable?: OnUnreachable): Promise<MikroORM> {
  for (let retryInMs = 1_000; ; retryInMs = Math.min(retryInMs * 2, 30_000)) {
    try {
      return await MikroORM.init(options);
    } catch (error) {
      if (!onUnreachable || !isDatabaseUnavailable(error)) throw error;
      onUnreachable(error instanceof Error ? error.message : String(error), retryInMs);
      await sleep(retryInMs);
    }
  }
}
