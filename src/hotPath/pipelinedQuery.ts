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

/** A column of a statement's rows, as its RowDescription gave it (pg-protocol's `Field`). */
type Column = object;

/**
 * The columns each named statement answers, per connection: described (Describe, RowDescription)
 * on its first run there, then bound and executed without a Describe. A named statement's result
 * columns cannot change while it stays prepared (PostgreSQL refuses to run it if they would).
 */
const describedColumns = new WeakMap<pg.Connection, Map<string, readonly Column[]>>();

/** pg's own handlers of a query's row messages (not in its type declarations). */
interface RowHandlers {
  handleRowDescription(this: pg.Query, message: { fields: readonly Column[] }): void;
  handleDataRow(this: pg.Query, message: unknown): void;
}
const pgRows = pg.Query.prototype as unknown as RowHandlers;

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
  /** The connection this batch went out on, while its statement's columns are to be remembered. */
  private describedOn: pg.Connection | undefined;
  /** The statement's columns known from an earlier run on this connection: given to the rows in place of a RowDescription. */
  private knownColumns: readonly Column[] | undefined;

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
    const parsed = this.statementName !== '' && connection.parsedStatements[this.statementName] === self.text;
    if (!parsed) connection.parse({ text: self.text, name: this.statementName, types: [] } as never, true);
    connection.bind({ portal: '', statement: this.statementName, values: self.values } as never, true);
    this.knownColumns = parsed ? describedColumns.get(connection)?.get(this.statementName) : undefined;
    if (!this.knownColumns) {
      connection.describe({ type: 'P', name: '' }, true);
      if (this.statementName !== '') this.describedOn = connection;
    }
    connection.execute({ portal: '' } as never, true);
    for (const text of this.after) this.sendPlain(connection, text);
    connection.sync();
  }

  /** The statement's RowDescription (the plain statements are not described): kept for its next runs on this connection. */
  handleRowDescription(message: { fields: readonly Column[] }): void {
    if (this.describedOn) {
      const known = describedColumns.get(this.describedOn) ?? new Map<string, readonly Column[]>();
      known.set(this.statementName, message.fields);
      describedColumns.set(this.describedOn, known);
    }
    pgRows.handleRowDescription.call(this, message);
  }

  /** The batch's first row is the statement's (the plain statements answer none): undescribed, it takes the known columns. */
  handleDataRow(message: unknown): void {
    const columns = this.knownColumns;
    if (columns) {
      this.knownColumns = undefined;
      pgRows.handleRowDescription.call(this, { fields: columns });
    }
    pgRows.handleDataRow.call(this, message);
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
