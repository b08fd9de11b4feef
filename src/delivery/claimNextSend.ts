import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { HotPath } from '../hotPath/openHotPath';
import type { ClaimOutcome } from './claimedSend';
import { claimOnHotPath } from './claimOnHotPath';
import { claimWithOrm } from './claimWithOrm';
import type { DeliveryPolicy } from './deliveryPolicy';
import type { OutboxFloors } from './outboxFloors';

export type { ClaimedSend, ClaimOutcome } from './claimedSend';

const earlier = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * Claims up to `max` messages to send: replies first, then proactive messages, then bulk, served
 * round-robin between organizations. On the way it defers rows in quiet hours, holds rows outside
 * the 24-hour window without a template, and takes the channels' rate-limit slots and recipients'
 * tokens for the rows it claims (channels whose slot is not due are not read). The sends
 * themselves happen after, each at its `notBefore`.
 *
 * With `hot`, the common claim is one autocommitted prepared statement (`claimOnHotPath`); a batch
 * with anything else in it is left untouched by it and claimed by the ORM (`claimWithOrm`, one
 * system-scope transaction), which also goes on behind a full window the statement could not fill
 * the claim from. `floors`: the dispatcher's, which the hot claim reads from (`outboxFloors.ts`).
 */
export async function claimNextSend(orm: MikroORM, policy: DeliveryPolicy, logger: Logger, now: number, max = 1, hot?: HotPath, floors?: OutboxFloors): Promise<ClaimOutcome> {
  if (!hot) return claimWithOrm(orm, policy, logger, now, max);
  const fast = await claimOnHotPath(hot, orm, policy, logger, now, max, floors);
  if (fast.kind === 'uncommon') return claimWithOrm(orm, policy, logger, now, max);
  if (!fast.more) return fast.outcome;
  const rest = await claimWithOrm(orm, policy, logger, now, max - fast.outcome.claimed.length - fast.outcome.held.length);
  return { claimed: [...fast.outcome.claimed, ...rest.claimed], held: [...fast.outcome.held, ...rest.held], wakeAt: earlier(fast.outcome.wakeAt, rest.wakeAt) };
}
