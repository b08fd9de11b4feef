import pg from 'pg';
import { pgConnection } from '../dbHosts/pgConnection';
import { runPipelined } from './pipelinedQuery';
import { withPoolClient } from './withPoolClient';
import type { StatementRow, StatementValue } from './statementValue';
import type { SystemStatement } from './systemStatement';
import type { TenantStatement } from './tenantStatement';


/** One transaction of one organization on one connection: BEGIN rides on the first statement. */
export interface TenantTransaction {
  /** Runs the statement (`$1` is the organization, `values` are `$2`…), in this transaction. */
  run(statement: TenantStatement, values: readonly StatementValue[]): Promise<StatementRow[]>;
  /** Runs the statement and COMMIT in the same round trip; the transaction is over after it. */
  runAndCommit(statement: TenantStatement, values: readonly StatementValue[]): Promise<StatementRow[]>;
}

export interface TenantSession {
  readonly organizationId: string;
  /**
   * Runs `work` in one transaction on one connection. Without `runAndCommit` it is committed when
   * `work` returns (one more round trip); rolled back when it throws or asks for it with `rollback: true`.
   */
  transaction<T>(work: (tx: TenantTransaction) => Promise<T | RolledBack<T>>): Promise<T>;
}

/** What `work` returns to roll its transaction back and still answer a value. */
export interface RolledBack<T> {
  rollback: true;
  value: T;
}

export interface HotPath {
  /** The bare pool (tests count its round trips through it). */
  readonly pool: pg.Pool;
  /** The only way to run a statement: in one organization, which every statement binds as `$1`. */
  forOrganization(organizationId: string): TenantSession;
  /** Runs a system statement (`defineSystemStatement`) on its own, autocommitted, in one round trip. */
  runSystem(statement: SystemStatement, values: readonly StatementValue[]): Promise<StatementRow[]>;
  close(): Promise<void>;
}

export interface HotPathSettings {
  /** postgres:// URL, the ORM's own. */
  url: string;
  /** Connections at most (opened on demand). */
  poolSize: number;
  /**
   * `url` is a transaction-mode pooler (PgBouncer 1.18 keeps no prepared statement across
   * transactions): every statement is parsed unnamed in its own batch, still one round trip, and
   * no startup options are sent (the pooler refuses them).
   */
  pooled: boolean;
}

/**
 * The settings of the hot path's connections on a real server, sent at start-up (a transaction-mode
 * pooler refuses start-up options; there every statement is planned anew, unnamed). Why each: `openHotPath`.
 */
export const hotSessionSettings = { jit: 'off', plan_cache_mode: 'force_generic_plan', enable_seqscan: 'off' } as const;

/** `hotSessionSettings` as a connection's start-up options (a real server's connections only). */
export const hotSessionStartupOptions = Object.entries(hotSessionSettings).map(([name, value]) => `-c ${name}=${value}`).join(' ');

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRolledBack<T>(value: T | RolledBack<T>): value is RolledBack<T> {
  return typeof value === 'object' && value !== null && (value as RolledBack<T>).rollback === true && 'value' in value;
}

/**
 * The hot path's own `pg` pool: named prepared statements (unnamed behind a pooler), tenant-scoped
 * by construction (see `defineTenantStatement`), with BEGIN and COMMIT pipelined onto the first and
 * last statements. Connections run with `jit=off` on a real server, as the ORM's do, and with
 * `plan_cache_mode=force_generic_plan`: each named statement is planned once per connection, not
 * five times first (PostgreSQL's default tries custom plans first; the step's statements, their
 * joins and the partitions of `messages` cost 1 to 40 ms to plan, more than they take to run, and
 * a connection runs each only a few hundred times). Their plans do not depend on the values bound.
 * And with `enable_seqscan=off`: every hot statement finds its rows by key, but a plan made while
 * the tables are young (no statistics, a few pages) prices a scan of them below an index probe and
 * keeps it for the connection's life, reading more with every row the table gains; a table scan is
 * now taken only where no index serves (`sendResultsPlan.test.ts`).
 * Idle connections stay open (pg closes them after 10 s by default; TCP keep-alive finds one a
 * network device dropped in silence): a surge after a quiet spell, the broadcast then everyone
 * answering, would otherwise open every connection again and plan every statement on each before
 * its first step.
 */
export function openHotPath(settings: HotPathSettings): HotPath {
  const pool = new pg.Pool({
    ...pgConnection(settings.url),
    max: settings.poolSize,
    idleTimeoutMillis: 0,
    keepAlive: true,
    ...(settings.pooled ? {} : { options: hotSessionStartupOptions }),
  });
  // An idle connection the server dropped must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);

  const named = !settings.pooled;

  function forOrganization(organizationId: string): TenantSession {
    if (!uuidShape.test(organizationId)) throw new Error(`Not an organization id: '${organizationId}'`);
    return {
      organizationId,
      transaction<T>(work: (tx: TenantTransaction) => Promise<T | RolledBack<T>>): Promise<T> {
        return withPoolClient(pool, async (client) => {
          let begun = false;
          let open = false;
          const send = async (statement: TenantStatement, values: readonly StatementValue[], commit: boolean) => {
            if (begun && !open) throw new Error(`Statement '${statement.name}' after the transaction ended`);
            const before = begun ? [] : ['BEGIN'];
            begun = true;
            open = true;
            const rows = await runPipelined(client, statement, [organizationId, ...values], { before, after: commit ? ['COMMIT'] : [], named });
            if (commit) open = false;
            return rows;
          };
          try {
            const outcome = await work({
              run: (statement, values) => send(statement, values, false),
              runAndCommit: (statement, values) => send(statement, values, true),
            });
            if (isRolledBack(outcome)) {
              if (open) await client.query('ROLLBACK');
              open = false;
              return outcome.value;
            }
            if (open) await client.query('COMMIT');
            open = false;
            return outcome;
          } catch (error) {
            // A failed step is rare: its connection is rolled back and closed, never reused.
            if (open) await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        });
      },
    };
  }

  const runSystem = (statement: SystemStatement, values: readonly StatementValue[]) =>
    withPoolClient(pool, (client) => runPipelined(client, statement.prepared, values, { named }));

  return { pool, forOrganization, runSystem, close: () => pool.end() };
}
