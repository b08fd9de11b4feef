import { join } from 'node:path';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { projectRootOf } from '../files/projectRoot';
import { allEntities, tenantEntities } from './entities/allEntities';
import { pgConnection } from '../dbHosts/pgConnection';
import { tenantFilters } from './tenancy/tenantFilters';

/** Tables without an entity, owned by the delivery, scheduler, API, web and Baileys rooms. */
const runtimeTables = [
  'api_keys', 'baileys_auth', 'baileys_keys', 'baileys_leases', 'baileys_sessions', 'broadcasts', 'bulk_turns',
  'channel_send_slots', 'cron_runs', 'demo_credentials', 'domain_events', 'event_deliveries', 'idempotency_keys', 'lrs_configs', 'pending_statuses', 'portfolio_counts', 'portfolio_recipients', 'program_segments', 'recipient_pacing',
  'user_tokens', 'web_sessions', 'webhook_endpoints', 'webhook_secrets', 'analytics_touchpoint_facts', 'analytics_refreshes',
];

/** Where committed migrations live. */
export const migrationsPath = join(projectRootOf(import.meta.url), 'migrations');

/** Where the ORM connects. */
export interface OrmTarget {
  /** Through a transaction-mode pooler, which refuses startup options: the pooler sets `jit=off` (README). */
  pooled?: boolean;
}

/**
 * MikroORM options shared by the engine, the CLI and the tests. On real PostgreSQL every connection
 * turns JIT compilation off: the engine runs short indexed statements, and a planner estimate over
 * a large table (100,000 queued broadcast rows) made PostgreSQL spend ~0.5 s compiling one of them.
 * The migrations and their tooling are loaded by `migratorOf`, when a migration runs.
 * A host list (`pgConnection`) reaches knex as its first host plus the socket that follows the choice.
 */
export function ormOptions(clientUrl: string, poolSize = 10, target: OrmTarget = {}): Options {
  const { connectionString, stream } = pgConnection(clientUrl);
  const connection = {
    ...(target.pooled ? {} : { options: '-c jit=off' }),
    ...(stream ? { stream } : {}),
  };
  return defineConfig({
    clientUrl: connectionString,
    ...(Object.keys(connection).length > 0 ? { driverOptions: { connection } } : {}),
    entities: allEntities,
    pool: { min: 0, max: poolSize },
    filters: tenantFilters(tenantEntities.map((entity) => entity.meta.className)),
    migrations: {
      path: migrationsPath,
      emit: 'ts',
      silent: true,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    discovery: { warnWhenNoEntities: true },
    // Tables the runtime rooms own and query with SQL only (no entity): kept out of schema diffs.
    schemaGenerator: { skipTables: runtimeTables },
    allowGlobalContext: false,
    debug: false,
  });
}
