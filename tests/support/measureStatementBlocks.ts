import pg from 'pg';
import type { StatementValue } from '../../src/hotPath/statementValue';
import type { RecordedCall } from './recordHotStep';

/** A value as the hot path sends it (`toWire`): dates as ISO timestamps, objects and arrays as JSON. */
function literal(client: pg.Client, value: StatementValue): string {
  if (value === null) return 'null';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  return client.escapeLiteral(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Shared blocks this transaction has asked for so far, of the application's tables and indexes (and their TOAST). */
const BLOCKS_SO_FAR = `select coalesce(sum(pg_stat_get_xact_blocks_fetched(oid)), 0)::int as blocks
  from pg_class where relnamespace in ('public'::regnamespace, 'pg_toast'::regnamespace)`;

/**
 * Plans recorded statements as the hot path's connections do (generic plans, made once, on the
 * data as it is now), lets `meanwhile` change the data (the plans are kept, as a connection keeps
 * them), then replays the statements in order in one transaction rolled back at the end and answers
 * the shared blocks each call read or wrote: foreign-key checks and every CTE included, planning not.
 */
export async function measureStatementBlocks(url: string, calls: readonly RecordedCall[], meanwhile: () => Promise<void>): Promise<{ name: string; blocks: number }[]> {
  const client = new pg.Client({ connectionString: url, options: '-c jit=off -c plan_cache_mode=force_generic_plan' });
  await client.connect();
  try {
    const executes = calls.map((call, index) => `execute measured_${index}(${call.values.map((value) => literal(client, value)).join(', ')})`);
    for (const [index, call] of calls.entries()) {
      await client.query(`prepare measured_${index} as ${call.statement.text}`);
      await client.query(`explain ${executes[index]}`);
    }
    await meanwhile();
    await client.query('begin');
    const measured: { name: string; blocks: number }[] = [];
    for (const [index, call] of calls.entries()) {
      const before = (await client.query<{ blocks: number }>(BLOCKS_SO_FAR)).rows[0]!.blocks;
      await client.query(executes[index]!);
      const after = (await client.query<{ blocks: number }>(BLOCKS_SO_FAR)).rows[0]!.blocks;
      measured.push({ name: call.statement.name, blocks: after - before });
    }
    await client.query('rollback');
    return measured;
  } finally {
    await client.end();
  }
}
