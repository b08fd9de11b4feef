import type { SendEmail } from '../api/users/deliverUserLink';
import type { OutboundPolicy } from '../outbound/outboundPolicy';
import type { SecretBox } from '../secrets/secretBox';
import type { EngineDependencies } from '../engine/engineDependencies';

/** What the coach console needs from the process that mounts it. */
export interface WebDependencies {
  /** The engine's ORM, clock and logger; the simulator sends through the same pipeline. */
  engine: EngineDependencies;
  /** Signs the session cookie (HMAC-SHA256); at least 32 characters, e.g. SESSION_SECRET. */
  sessionSecret: string;
  /** Sets the Secure attribute on cookies; true whenever the console is reached over HTTPS. */
  secureCookies: boolean;
  /**
   * The origin browsers see (PUBLIC_URL's, e.g. https://coach.example.org) when a proxy sits in
   * front: form posts from it are accepted besides the request's own origin.
   */
  publicOrigin?: string;
  /** Session lifetime in ms (default 12 hours); a session past it signs the user out. */
  sessionTtlMs?: number;
  /** Called after the console queued messages (coach reply, simulator): wakes the dispatcher at once. */
  wakeDispatcher?: () => void;
  /** Aborted when the server shuts down: open event streams end so `server.close()` can finish. */
  shutdownSignal?: AbortSignal;
  /** Seals and opens channel secrets (ENCRYPTION_KEY); without it the channel pages cannot create, check or change channels, nor sync templates. */
  secretBox?: SecretBox;
  /** PUBLIC_URL, e.g. https://coach.example.org: the webhook URLs shown on a channel's page are built from it. */
  publicUrl?: string;
  /** Emails invitation links (SMTP_URL); without it the console shows the link to pass on. */
  sendEmail?: SendEmail;
  /** Provider origins for "Check connection" and "Sync from Meta" (TWILIO_API_BASE_URL, GRAPH_API_BASE_URL; local fakes in tests). */
  providerBaseUrls?: { twilio?: string; graph?: string };
  /** Where webhook endpoints and the LRS may point (OUTBOUND_ALLOWED_NETWORKS); default public addresses only. */
  outboundPolicy?: OutboundPolicy;
}
