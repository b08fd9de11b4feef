import pg from 'pg';
import { pgConnection } from '../dbHosts/pgConnection';
import { hotSessionStartupOptions } from '../hotPath/openHotPath';

/**
 * The inbound intake's own connections on a real server: the queue's group-commit INSERT (one at a
 * time) and the processor's claims (one at a time), so acknowledging a webhook never waits behind
 * the engine's other work for a pooled connection. Kept open while idle, as the hot path's are
 * (`openHotPath`), with TCP keep-alive so one a network device dropped in silence is found out,
 * and with the hot path's session settings: the claim, a named statement, is planned once per
 * connection (under PostgreSQL's default it was planned anew whenever a custom plan looked
 * cheaper, about half a millisecond each, more than running it took: the bench's measured window
 * spent 0.2 ms a message planning claims), and its plan keeps to the indexes (`claimQueuedSenders`).
 */
export function openIntakePool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ ...pgConnection(databaseUrl), max: 2, idleTimeoutMillis: 0, keepAlive: true, options: hotSessionStartupOptions });
  // A connection the server dropped while idle must not crash the process; the next statement reconnects.
  pool.on('error', () => undefined);
  return pool;
}
