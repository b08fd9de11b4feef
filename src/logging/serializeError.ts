import { stdSerializers } from 'pino';

/** Fields of driver errors that hold a statement or its values: logged by shape only. */
const statementKeys = new Set(['sql', 'query', 'params', 'parameters', 'bindings', 'internalQuery']);
/** Text fields of a PostgreSQL error that can quote the statement or a value. */
const textKeys = ['message', 'stack', 'detail', 'where'];

/**
 * Text of a database error with the values taken out: quoted literals of the inlined statement
 * (`'Ann'`, `E'…'`) become `?`, so do the key values of a constraint's detail (`Key (phone)=(?)`)
 * and the value PostgreSQL quotes after a colon (`invalid input syntax for type uuid: "?"`).
 * Identifiers (`relation "users"`) and the statement's shape stay.
 */
export function stripSqlValues(text: string): string {
  return text
    .replace(/[Ee]?'(?:[^']|'')*'/g, '?')
    .replace(/=\((?:[^()]|\([^()]*\))*\)/g, '=(?)')
    .replace(/: "(?:[^"\\]|\\.)*"/g, ': "?"');
}

const shapeOf = (value: unknown): string => (value === null ? 'null' : value instanceof Date ? 'date' : Array.isArray(value) ? 'array' : typeof value);

/** An error raised by PostgreSQL (a SQLSTATE code), or one that carries such an error as its cause. */
function fromDatabase(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || fromDatabase(error.cause, depth + 1);
}

/** A driver's message: the statement with its values inlined, then ` - ` and PostgreSQL's error. */
const statementMessage = /^\s*(?:select|insert|update|delete|with|merge)\b[\s\S]* - /i;

/**
 * pino's error serializer, minus personal data: a database error's statement, parameters and
 * quoted values (names, phone numbers, message bodies inlined by the driver) are logged by shape;
 * so is a driver's message logged as a string (`err: error.message`).
 */
export function serializeError(value: unknown): unknown {
  if (typeof value === 'string') return statementMessage.test(value) ? stripSqlValues(value) : value;
  if (!(value instanceof Error)) return value;
  const serialized: Record<string, unknown> = { ...stdSerializers.err(value) };
  if (!fromDatabase(value)) return serialized;
  for (const key of textKeys) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = stripSqlValues(text);
  }
  for (const key of statementKeys) {
    const held = serialized[key];
    if (held === undefined) continue;
    serialized[key] = typeof held === 'string' ? stripSqlValues(held) : Array.isArray(held) ? held.map(shapeOf) : shapeOf(held);
  }
  return serialized;
}
