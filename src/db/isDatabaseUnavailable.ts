/** Node network error codes and PostgreSQL SQLSTATE classes that mean "the database cannot be reached now". */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const unavailableSqlStates = /^(08|57P0[1-3]|53300)/;
const unavailableMessages =
  /Connection terminated|connection .*closed|Timeout acquiring a connection|Connection ended|not queryable|database is down|Transaction query already complete/i;

function field(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

/**
 * Whether an error thrown by a unit of work means the database is unreachable (refused, reset,
 * terminated, pool exhausted, shutting down), as opposed to a bug or a constraint violation.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = field(current, 'code');
    if (typeof code === 'string' && (networkCodes.has(code) || unavailableSqlStates.test(code))) return true;
    const message = field(current, 'message');
    if (typeof message === 'string' && unavailableMessages.test(message)) return true;
    current = field(current, 'cause') ?? field(current, 'previous');
  }
  return false;
}
