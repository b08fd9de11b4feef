import type { SpoolOutcome } from '../inbound/createInboundSpool';

/** What the console route answers for a message set aside: no error text, which can carry the SQL statement and its values. */
const SET_ASIDE_REASON = 'the engine could not process this message and set it aside in the spool\'s dead-letter file; the server log names the error code (`code`, a PostgreSQL SQLSTATE when the database refused it)';

/**
 * A spool outcome as an HTTP caller may see it: a message set aside says so in a fixed sentence
 * (its error stays in the dead-letter file and the log), everything else as it is.
 */
export function publicSpoolOutcome(outcome: Exclude<SpoolOutcome, { kind: 'unavailable' }>) {
  if (outcome.kind === 'processed') return outcome.outcome;
  if (outcome.kind === 'dead_lettered') return { kind: outcome.kind, ...(outcome.code ? { code: outcome.code } : {}), reason: SET_ASIDE_REASON };
  return outcome;
}
