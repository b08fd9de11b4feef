import { LEDGER_WRITE_ANSWER, LEDGER_WRITE_CTES, LEDGER_WRITE_SQL, ledgerWriteParams, type LedgerWrite } from '../gamification/recordLedgerEntries';
import type { LedgerEntry } from '../gamification/ledgerEntry';
import type { StatementValue } from '../hotPath/statementValue';
import { defineNamedTenantStatement } from '../hotPath/namedTenantStatement';
import { toPositional } from '../hotPath/positionalParameters';
import type { TenantStatement } from '../hotPath/tenantStatement';
import { INBOUND_WRITE_PARAMETERS, inboundWriteAnswer, inboundWriteCtes, statementForShape, type InboundWriteShape } from './inboundWriteStatement';

const ledgerStatement = defineNamedTenantStatement('hot_ledger_write', LEDGER_WRITE_SQL);

/** `recordLedgerEntries`' statement, prepared on the hot path: it answers `inserted` and `firstActivityOfPeriod`. */
export const writeLedgerHot = ledgerStatement.statement;

/** The statement's values after the organization's `$1`. */
export function ledgerValues(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  return ledgerStatement.values(ledgerWriteParams(entries, write) as Record<string, StatementValue>);
}

// The step's writes bind `$1`…`$n`; the ledger's named parameters follow them.
const ledgerAfterWrites = toPositional("Statement 'hot_inbound_write_ledger'", LEDGER_WRITE_CTES,
  ['organization_id', ...Array.from({ length: INBOUND_WRITE_PARAMETERS - 1 }, (_, n) => `write_${n + 2}`)]);

/**
 * The step's writes and its points ledger in one statement (CTEs of both; neither reads a row the
 * other writes, and the ledger's reads see the rows as before the step's writes, as when it ran
 * first): `writeInboundStep`'s values, then `ledgerValues`. Only for a step known not to be the
 * worker's first activity of the streak period (the ledger's `firstActivityOfPeriod` is false).
 */
export function writeInboundStepWithLedger(shape: InboundWriteShape): TenantStatement {
  return statementForShape('hot_inbound_write_ledger', shape, (of) => `with ${inboundWriteCtes(of)},
     ${ledgerAfterWrites.text}
   select ${inboundWriteAnswer(of)}`);
}

/** The ledger's values of `writeInboundStepWithLedger`, after the step's writes' values. */
export function ledgerValuesAfterWrites(entries: readonly LedgerEntry[], write: LedgerWrite): StatementValue[] {
  return ledgerAfterWrites.values(ledgerWriteParams(entries, write) as Record<string, StatementValue>);
}
