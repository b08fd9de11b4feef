import { LEDGER_WRITE_SQL, ledgerWriteParams, type LedgerWrite } from '../gamification/recordLedgerEntries';
import type { LedgerEntry } from '../gamification/ledgerEntry';
import type { StatementValue } from '../hotPath/openHotPath';
import { defineTenantStatement } from '../hotPath/tenantStatement';

// `:name` parameters (never the `::type` of a cast) become `$n`: the organization `$1`, the others
// in order of first use, so the ledger has one SQL text on the ORM path and on the hot path.
const namedParameter = /(?<![:\w]):([a-zA-Z_]\w*)/g;
const parameterNames = [...new Set([...LEDGER_WRITE_SQL.matchAll(namedParameter)].map((match) => match[1]!))].filter((name) => name !== 'organization_id');

/** `recordLedgerEntries`' statement, prepared on the hot path: it answers `inserted` and `firstActivityOfPeriod`. */
export const writeLedgerHot = defineTenantStatement(
  'hot_ledger_write',
  LEDGER_WRITE_SQL.replace(namedParameter, (_, name: string) => (name === 'organization_id' ? '$1' : `$${parameterNames.indexOf(name) + 2}`)),
);

/** The statement's values after the organization's `$1`. */
export function ledgerValues(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  const params = ledgerWriteParams(entries, write);
  return parameterNames.map((name) => params[name] as StatementValue);
}
