import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';

/**
 * Counts what reaches PostgreSQL from this process: round trips on the hot path's pool (one
 * `client.query` call each: pipelined statements travel together), the row descriptions its
 * connections receive (one per described statement) and statements of the ORM (knex's `query`
 * event). `reset()` starts a new count.
 */
export function countStatements(database: { orm: MikroORM; hot: { pool: pg.Pool } }) {
  const counts = { hotRoundTrips: 0, hotRowDescriptions: 0, ormStatements: 0 };
  const counted = new WeakSet<pg.PoolClient>();
  database.hot.pool.on('acquire', (client: pg.PoolClient) => {
    if (counted.has(client)) return;
    counted.add(client);
    (client as unknown as { connection: pg.Connection }).connection.on('rowDescription', () => {
      counts.hotRowDescriptions += 1;
    });
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      counts.hotRoundTrips += 1;
      return query(...args);
    };
  });
  database.orm.em.getConnection().getKnex().on('query', () => {
    counts.ormStatements += 1;
  });
  return {
    get hotRoundTrips() {
      return counts.hotRoundTrips;
    },
    get hotRowDescriptions() {
      return counts.hotRowDescriptions;
    },
    get ormStatements() {
      return counts.ormStatements;
    },
    reset() {
      counts.hotRoundTrips = 0;
      counts.hotRowDescriptions = 0;
      counts.ormStatements = 0;
    },
  };
}
