import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantReads } from '../db/openReadReplica';
import type { OutboundPolicy } from '../outbound/outboundPolicy';
import type { SecretBox } from '../secrets/secretBox';
import type { UserRole } from '../db/entities/User';
import type { EngineDependencies } from '../engine/engineDependencies';

/** Who is calling: resolved from the bearer key by `authenticate`. */
export interface Caller {
  organizationId: string;
  role: UserRole;
  /** The staff user the key belongs to (the user who created it), when known. */
  userId?: string;
  /** The API key used. */
  apiKeyId: string;
}

/** The Hono environment of every /v1 route. */
export interface ApiEnv {
  Variables: {
    caller: Caller;
    /** An EntityManager scoped to the caller's organization (forOrganization). */
    em: EntityManager;
    /** The caller's reads that may lag (lists, exports, analytics): on the read replica when DATABASE_REPLICA_URL is set. */
    reads: TenantReads;
  };
}

/** What the management API needs from the outside world. */
export interface ApiDependencies {
  engine: EngineDependencies;
  /** Base URL used in invitation and reset links, e.g. https://coach.example.com. */
  publicUrl?: string;
  /**
   * Runs long work after the answer (starting thousands of conversations). Default: run it now,
   * unawaited, logging a failure; tests pass one that collects the tasks to await them.
   */
  runInBackground?: (name: string, task: () => Promise<unknown>) => void;
  /**
   * Sends an email (invitations, password resets) when SMTP is configured; without it the API
   * answers with the link for the admin to pass on.
   */
  sendEmail?: (message: { to: string; subject: string; text: string }) => Promise<void>;
  /** Where inbound media files are kept (MEDIA_DIR): erasure deletes a worker's files there. */
  mediaDir?: string;
  /** Conversation-start transactions run at once by an enrollment (default 1; the engine runs 3). */
  enrollConcurrency?: number;
  /** Seals channel secrets (createSecretBox(ENCRYPTION_KEY)); without it /v1/channels cannot store or check secrets (503). */
  secretBox?: SecretBox;
  /** Provider origins for checking a channel's connection, overridden to point at local fakes in tests. */
  providerBaseUrls?: { twilio?: string; graph?: string };
  /** Where webhook endpoints and the LRS may point (OUTBOUND_ALLOWED_NETWORKS); default public addresses only. */
  outboundPolicy?: OutboundPolicy;
}
