import { appendFileSync } from 'node:fs';
import pg from 'pg';

/** One statement's cost over a run, per inbound message. */
export interface StatementCost {
  foreignKeyCheck: boolean;
  query: string;
  callsPerMessage: number;
  execMsPerMessage: number;
  planMsPerMessage: number;
  rowsPerCall: number;
  sharedBlocksPerCall: number;
}

interface Counters {
  query: string;
  calls: number;
  plans: number;
  exec: number;
  plan: number;
  rows: number;
  blocks: number;
}

const snapshotSql = `
  select queryid::text as id, query, calls::float8 as calls, plans::float8 as plans,
         total_exec_time as exec, total_plan_time as plan, rows::float8 as rows,
         (shared_blks_hit + shared_blks_read + shared_blks_dirtied + shared_blks_written)::float8 as blocks
    from pg_stat_statements
   where dbid = (select oid from pg_database where datname = current_database())`;

const round = (n: number) => Math.round(n * 1000) / 1000;

/** A foreign key check as PostgreSQL's RI triggers word it: cheap each, so listed beyond the costliest. */
const isForeignKeyCheck = (query: string) => /^SELECT \$\d+ FROM ONLY .* FOR KEY SHARE OF x$/.test(query);

/**
 * The statements PostgreSQL ran on the bench database between `start` and `stop`, from
 * pg_stat_statements, when the server preloads it (`shared_preload_libraries`); otherwise nothing.
 * `stop(messages, label)` appends the costliest, and every foreign key check, to `file` as one JSON line.
 */
export async function measureStatements(databaseUrl: string, file: string): Promise<{ stop(messages: number, label: string): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: preload } = await client.query<{ on: boolean }>(`select current_setting('shared_preload_libraries') like '%pg_stat_statements%' as on`);
  if (!preload[0].on) {
    await client.end();
    return { stop: async () => undefined };
  }
  await client.query('create extension if not exists pg_stat_statements');
  const snapshot = async () => {
    const { rows } = await client.query<Counters & { id: string }>(snapshotSql);
    return new Map(rows.map((row) => [row.id, row]));
  };
  const before = await snapshot();
  return {
    async stop(messages, label) {
      const after = await snapshot();
      await client.end();
      const per = Math.max(1, messages);
      const costs: StatementCost[] = [];
      for (const [id, now] of after) {
        const then = before.get(id);
        const calls = now.calls - (then?.calls ?? 0);
        const plan = now.plan - (then?.plan ?? 0);
        const exec = now.exec - (then?.exec ?? 0);
        if (calls === 0 && plan === 0) continue;
        costs.push({
          foreignKeyCheck: isForeignKeyCheck(now.query),
          query: now.query.replace(/\s+/g, ' ').slice(0, 160),
          callsPerMessage: round(calls / per),
          execMsPerMessage: round(exec / per),
          planMsPerMessage: round(plan / per),
          rowsPerCall: round((now.rows - (then?.rows ?? 0)) / Math.max(1, calls)),
          sharedBlocksPerCall: round((now.blocks - (then?.blocks ?? 0)) / Math.max(1, calls)),
        });
      }
      costs.sort((a, b) => b.execMsPerMessage + b.planMsPerMessage - (a.execMsPerMessage + a.planMsPerMessage));
      appendFileSync(file, `${JSON.stringify({ label, messages, statements: costs.filter((cost, rank) => rank < 40 || cost.foreignKeyCheck) })}\n`);
    },
  };
}
