import type { MiddlewareHandler } from 'hono';
import type { EngineDependencies } from '../engine/engineDependencies';

/**
 * After a successful write through the API (a broadcast, a coach message, an enrollment, a program
 * resumed), tells the dispatchers that the outbox may have changed: the application's NOTIFY,
 * throttled (`engine.notifyOutboxChanged`), since no trigger does it any more.
 */
export function notifyOutboxAfterWrites(engine: EngineDependencies): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) engine.notifyOutboxChanged?.();
  };
}
