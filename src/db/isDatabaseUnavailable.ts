/** Node network error codes that mean "the database cannot be reached now". */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a lost or refused connection, or a server shutting down or full. Not the whole
 * class 08: 08P01 (protocol violation) is what a statement carrying U+0000 gets, the statement's
 * own fault.
 */
const unavailableSqlStates = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '57P01', '57P02', '57P03', '53300']);
/**
 * Driver messages of a lost connection. A pool acquisition timeout is not among them: it also
 * means a busy pool in front of a healthy database (see `probeDatabase`).
 */
const unavailableMessages = /Connection terminated|connection .*closed|Connection ended|not queryable|database is down|Transaction query already complete/i;

function field(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

/**
 * Whether an error thrown by a unit of work says the connection to the database failed (refused,
 * reset, terminated, server shutting down), as opposed to a statement the database refused (a
 * bug, a constraint violation, a value it cannot store).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && (networkCodes.has(code) || unavailableSqlStates.has(code))) return true;
    const message = field(current, 'message');
    if (typeof message === 'string' && unavailableMessages.test(message)) return true;
    current = field(current, 'cause') ?? field(current, 'previous');
  }
  return false;
}
