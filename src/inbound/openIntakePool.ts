import pg from 'pg';
import { pgConnection } from '../dbHosts/pgConnection';

/**
 * The inbound intake's own connections on a real server: the queue's group-commit INSERT (one at a
 * time) and the processor's claims (one at a time), so acknowledging a webhook never waits behind
 * the engine's other work for a pooled connection. Kept open while idle, as the hot path's are
 * (`openHotPath`), with TCP keep-alive so one a network device dropped in silence is found out.
 */
export function openIntakePool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ ...pgConnection(databaseUrl), max: 2, idleTimeoutMillis: 0, keepAlive: true, options: '-c jit=off' });
  // A connection the server dropped while idle must not crash the process; the next statement reconnects.
  pool.on('error', () => undefined);
  return pool;
}
