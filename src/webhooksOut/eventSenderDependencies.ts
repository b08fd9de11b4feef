import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { OutgoingEmail } from '../email/createSmtpMailer';
import type { OutboundFetch } from '../outbound/createOutboundFetch';
import type { SecretBox } from '../secrets/secretBox';
import type { Clock } from '../time/clock';

/** What the background sender of events (webhooks and xAPI) needs. */
export interface EventSenderDependencies {
  orm: MikroORM;
  clock: Clock;
  logger: Logger;
  secretBox: SecretBox;
  /** How endpoints and LRSs are called: `createOutboundFetch` with the operator's OUTBOUND_ALLOWED_NETWORKS. */
  outboundFetch: OutboundFetch;
  /** Notices to an organization's admins (an endpoint disabled); undefined: logged only. */
  sendEmail?: (email: OutgoingEmail) => Promise<void>;
  /** An endpoint's or LRS's answer is waited for this long, ms. Default 10,000. */
  timeoutMs?: number;
  /** A delivery left `sending` by a crashed instance is due again after this, ms. Default the timeout + 60 s. */
  leaseMs?: number;
  /** Deliveries claimed per round. Default 50. */
  batchSize?: number;
  /** Waits between attempts, ms (default RETRY_DELAYS_MS, at least 24 h in all). */
  retryDelaysMs?: readonly number[];
}
