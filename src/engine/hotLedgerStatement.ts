import { LEDGER_WRITE_SQL, ledgerWriteParams, type LedgerWrite } from '../gamification/recordLedgerEntries';
import type { LedgerEntry } from '../gamification/ledgerEntry';
import type { StatementValue } from '../hotPath/statementValue';
import { defineNamedTenantStatement } from '../hotPath/namedTenantStatement';

const ledgerStatement = defineNamedTenantStatement('hot_ledger_write', LEDGER_WRITE_SQL);

/** `recordLedgerEntries`' statement, prepared on the hot path: it answers `inserted` and `firstActivityOfPeriod`. */
export const writeLedgerHot = ledgerStatement.statement;

/** The statement's values after the organization's `$1`. */
export function ledgerValues(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  return ledgerStatement.values(ledgerWriteParams(entries, write) as Record<string, StatementValue>);
}
