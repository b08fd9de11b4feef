import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { createLogger } from './createLogger';

// The engine's logger, once it has started (each thread gives its own): flows and rules are loaded
// deep in the steps, where no logger is passed. Before that, warnings go to a logger of their own.
let logger: Pick<Logger, 'warn'> | undefined;

// Versions already warned about in this process, bounded as the compiled versions are.
const warned = new LRUCache<string, true>({ max: 10_000 });

/** Where warnings about stored versions go: the engine's pino logger (set at start, and by tests that read them). */
export function sendStoredVersionWarningsTo(engineLogger: Pick<Logger, 'warn'>): void {
  logger = engineLogger;
}

/**
 * Logs a warning about a stored version (a flow or rules version, named by `version`) the first
 * time this process meets it, so that a version used by every step is reported once, not each time.
 */
export function warnOncePerStoredVersion(version: string, fields: Record<string, unknown>, message: string): void {
  if (warned.has(version)) return;
  warned.set(version, true);
  logger ??= createLogger('warn');
  logger.warn({ version, ...fields }, message);
}
