import pg from 'pg';
import type { TenantStatement } from './tenantStatement';

type Value = string | number | boolean | Date | Buffer | null | undefined | object;

/** What PostgreSQL reads as text: dates as ISO timestamps, objects and arrays as JSON. */
function toWire(value: Value): string | Buffer | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface WireConnection extends pg.Connection {
  parsedStatements: Record<string, string>;
}

interface ResultLike {
  command: string;
  rows: Record<string, unknown>[];
}

/** What rides with the statement in its round trip, and how it is parsed. */
export interface PipelineShape {
  /** Plain statements sent before it (BEGIN). */
  before?: readonly string[];
  /** Plain statements sent after it (COMMIT). */
  after?: readonly string[];
  /**
   * Parsed once per connection under its name (default); false parses it unnamed in every batch,
   * as a transaction-mode pooler needs (its server connection changes between transactions).
   */
  named?: boolean;
}

/**
 * One prepared statement with plain statements (BEGIN before, COMMIT after) sent in the same
 * extended-protocol batch, closed by a single Sync: one round trip for all of them. An error
 * anywhere skips the rest up to the Sync (PostgreSQL's rule), so a failed COMMIT never commits.
 * pg marks a named statement parsed on the batch's first parseComplete (BEGIN's): after an
 * error the caller discards the connection rather than trust that mark.
 */
class PipelinedQuery extends pg.Query {
  private readonly statementName: string;
  private readonly before: readonly string[];
  private readonly after: readonly string[];

  constructor(
    statement: TenantStatement,
    values: readonly Value[],
    shape: PipelineShape,
    callback: (error: Error | undefined, results: ResultLike | ResultLike[]) => void,
  ) {
    const named = shape.named ?? true;
    super({ ...(named ? { name: statement.name } : { queryMode: 'extended' }), text: statement.text, values: values.map(toWire) }, callback as never);
    this.statementName = named ? statement.name : '';
    this.before = shape.before ?? [];
    this.after = shape.after ?? [];
  }

  private sendPlain(connection: pg.Connection, text: string): void {
    connection.parse({ text, name: '', types: [] } as never, true);
    connection.bind({ portal: '', statement: '', values: [] } as never, true);
    connection.execute({ portal: '' } as never, true);
  }

  /** Replaces pg's `prepare` (called by `submit` with the socket corked). */
  prepare(connection: WireConnection): void {
    const self = this as unknown as { text: string; values: (string | Buffer | null)[] };
    for (const text of this.before) this.sendPlain(connection, text);
    if (this.statementName === '' || connection.parsedStatements[this.statementName] !== self.text) {
      connection.parse({ text: self.text, name: this.statementName, types: [] } as never, true);
    }
    connection.bind({ portal: '', statement: this.statementName, values: self.values } as never, true);
    connection.describe({ type: 'P', name: '' }, true);
    connection.execute({ portal: '' } as never, true);
    for (const text of this.after) this.sendPlain(connection, text);
    connection.sync();
  }
}

/**
 * Runs `statement` on `client` with the shape's statements in the same round trip and answers the
 * statement's rows.
 */
export function runPipelined(
  client: pg.PoolClient,
  statement: TenantStatement,
  values: readonly Value[],
  shape: PipelineShape = {},
): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const query = new PipelinedQuery(statement, values, shape, (error, results) => {
      if (error) return reject(error);
      const all = Array.isArray(results) ? results : [results];
      resolve(all[shape.before?.length ?? 0]?.rows ?? []);
    });
    client.query(query as never);
  });
}
