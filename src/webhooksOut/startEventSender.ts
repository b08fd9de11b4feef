import { startDrainLoop, type DrainLoop } from '../time/startDrainLoop';
import { deliverDueWebhooks } from './deliverDueWebhooks';
import type { EventSenderDependencies } from './eventSenderDependencies';
import { deliverDueStatements } from './xapi/deliverDueStatements';

/**
 * Runs the event sender beside the engine, never inside a step's transaction: every `pollMs` (and
 * when woken) it delivers due webhooks and xAPI batches until none is due. The outbox is the
 * database, so a crash loses nothing: a delivery left `sending` is due again when its lease ends.
 */
export function startEventSender(deps: EventSenderDependencies & { pollMs?: number }): DrainLoop {
  return startDrainLoop(
    async () => (await deliverDueWebhooks(deps)) + (await deliverDueStatements(deps)),
    deps.pollMs ?? 1_000,
    (error) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event delivery round stopped; will retry'),
  );
}
