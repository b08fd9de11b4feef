import type { HotPath, RolledBack, TenantSession, TenantTransaction } from '../../src/hotPath/openHotPath';
import type { StatementValue } from '../../src/hotPath/statementValue';
import type { TenantStatement } from '../../src/hotPath/tenantStatement';

/** One statement a step ran, with every value it bound (`$1`, the organization, first). */
export interface RecordedCall {
  statement: TenantStatement;
  values: StatementValue[];
}

function valueOf<T>(outcome: T | RolledBack<T>): T {
  const rolledBack = outcome as RolledBack<T>;
  return typeof outcome === 'object' && outcome !== null && rolledBack.rollback === true ? rolledBack.value : (outcome as T);
}

/**
 * The hot path, with every transaction rolled back at its end and its statements recorded: a
 * step run through it leaves nothing behind, and its statements can be replayed on the state it
 * started from (`measureStatementBlocks`).
 */
export function recordHotStep(hot: HotPath): { hot: HotPath; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const forOrganization = (organizationId: string): TenantSession => {
    const session = hot.forOrganization(organizationId);
    return {
      organizationId,
      transaction: <T>(work: (tx: TenantTransaction) => Promise<T | RolledBack<T>>) =>
        session.transaction<T>(async (tx) => {
          const run = (statement: TenantStatement, values: readonly StatementValue[]) => {
            calls.push({ statement, values: [organizationId, ...values] });
            return tx.run(statement, values);
          };
          return { rollback: true, value: valueOf(await work({ run, runAndCommit: run })) };
        }),
    };
  };
  return { hot: { ...hot, forOrganization }, calls };
}
