import { LEDGER_WRITE_ANSWER, LEDGER_WRITE_CTES, LEDGER_WRITE_SQL, ledgerWriteParams, type LedgerWrite } from '../gamification/recordLedgerEntries';
import type { LedgerEntry } from '../gamification/ledgerEntry';
import type { StatementValue } from '../hotPath/statementValue';
import { defineNamedTenantStatement } from '../hotPath/namedTenantStatement';
import { toPositional } from '../hotPath/positionalParameters';
import { defineTenantStatement } from '../hotPath/tenantStatement';
import { INBOUND_WRITE_ANSWER, INBOUND_WRITE_CTES } from './hotInboundStatements';

const ledgerStatement = defineNamedTenantStatement('hot_ledger_write', LEDGER_WRITE_SQL);

/** `recordLedgerEntries`' statement, prepared on the hot path: it answers `inserted` and `firstActivityOfPeriod`. */
export const writeLedgerHot = ledgerStatement.statement;

/** The statement's values after the organization's `$1`. */
export function ledgerValues(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  return ledgerStatement.values(ledgerWriteParams(entries, write) as Record<string, StatementValue>);
}

// The step's writes bind `$1`…`$n`; the ledger's named parameters follow them.
const writeParameters = Math.max(...[...INBOUND_WRITE_CTES.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
const ledgerAfterWrites = toPositional("Statement 'hot_inbound_write_ledger'", LEDGER_WRITE_CTES,
  ['organization_id', ...Array.from({ length: writeParameters - 1 }, (_, n) => `write_${n + 2}`)]);

/**
 * The step's writes and its points ledger in one statement (CTEs of both; neither reads a row the
 * other writes, and the ledger's reads see the rows as before the step's writes, as when it ran
 * first): `writeInboundStep`'s values, then `ledgerValues`. Only for a step known not to be the
 * worker's first activity of the streak period (the ledger's `firstActivityOfPeriod` is false).
 */
export const writeInboundStepWithLedger = defineTenantStatement('hot_inbound_write_ledger', `with ${INBOUND_WRITE_CTES},
     ${ledgerAfterWrites.text}
   select ${INBOUND_WRITE_ANSWER}`);

/** The ledger's values of `writeInboundStepWithLedger`, after the step's writes' values. */
export function ledgerValuesAfterWrites(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  return ledgerAfterWrites.values(ledgerWriteParams(entries, write) as Record<string, StatementValue>);
}
