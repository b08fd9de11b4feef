import type pg from 'pg';
import { hotSessionSettings, type HotPath } from '../../src/hotPath/openHotPath';
import type { NamedTenantStatement } from '../../src/hotPath/namedTenantStatement';
import type { StatementValue } from '../../src/hotPath/statementValue';
import type { OutboxWorld } from './outboxWorld';

/** What these helpers plan and execute: a system statement is one, a tenant statement is one through {@link ofOrganization}. */
export interface PlannedStatement {
  readonly prepared: { readonly name: string; readonly text: string };
  values(params: Readonly<Record<string, StatementValue | undefined>>): StatementValue[];
}

/** A tenant statement as the hot path runs it for `organization` (bound as `$1`, before its values). */
export function ofOrganization(statement: NamedTenantStatement, organization: string): PlannedStatement {
  return { prepared: statement.statement, values: (params) => [organization, ...statement.values(params)] };
}

/** Shared blocks (hit or read) the execution of `explain (analyze, buffers)` reports. */
export async function blocksOf(client: pg.PoolClient, statement: string): Promise<number> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(`explain (analyze, buffers, format json) ${statement}`);
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
}

let prepared = 0;

/**
 * `statement` prepared as the hot path prepares it on a real server (a generic plan, under its
 * connections' settings, set here too: behind a pooler the test's connection has none), in the
 * caller's transaction, under a name of its own: answers the name.
 */
export async function prepareGeneric(client: pg.PoolClient, statement: PlannedStatement): Promise<string> {
  const name = `${statement.prepared.name}_plan_${(prepared += 1)}`;
  for (const [setting, value] of Object.entries(hotSessionSettings)) await client.query(`set local ${setting} = ${value}`);
  await client.query(`prepare ${name} as ${statement.prepared.text}`);
  return name;
}

/** `execute` of the prepared `name` of `statement` with `params`, as one SQL text. */
export function executeOf(client: pg.PoolClient, name: string, statement: PlannedStatement, params: Parameters<PlannedStatement['values']>[0]): string {
  // As pg binds them: dates as ISO text, objects (not arrays) as JSON.
  const text = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : String(value));
  const literal = (value: unknown) => (value === null ? 'null' : client.escapeLiteral(text(value)));
  return `execute ${name}(${statement.values(params).map(literal).join(', ')})`;
}

/** Runs `work` in one transaction on a connection of the hot path `hot`, rolled back (behind a transaction-mode pooler the prepared statement stays on its server connection). */
export async function inRolledBackHotTransaction(hot: HotPath | undefined, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  if (!hot) throw new Error('the world opens the hot path');
  const client = await hot.pool.connect();
  try {
    await client.query('begin');
    await work(client);
  } finally {
    // Rolled back with the rows; the statements prepared under their own names stay on the connection until it closes.
    await client.query('rollback');
    client.release();
  }
}

/** {@link inRolledBackHotTransaction} on the hot path of `world`, with an organization and a console channel of it. */
export async function inRolledBackTransaction(world: OutboxWorld, work: (client: pg.PoolClient, organization: string, channel: string) => Promise<void>): Promise<void> {
  const organization = await world.organization();
  const channel = await world.channel(organization, 'console');
  await inRolledBackHotTransaction(world.deps.hot, (client) => work(client, organization, channel));
}
