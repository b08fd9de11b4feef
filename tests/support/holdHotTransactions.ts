import type { HotPath, TenantSession } from '../../src/hotPath/openHotPath';

/**
 * The hot path, each transaction held open once its work is done (every statement run, COMMIT not
 * yet sent) until `whileOpen` has looked at the database from elsewhere; then it ends as the work
 * asked (committed, or rolled back).
 */
export function holdHotTransactions(hot: HotPath, whileOpen: (organizationId: string) => Promise<void>): HotPath {
  const forOrganization = (organizationId: string): TenantSession => {
    const session = hot.forOrganization(organizationId);
    return {
      organizationId,
      transaction: (work) =>
        session.transaction(async (tx) => {
          const run = tx.run.bind(tx);
          const outcome = await work({ run, runAndCommit: run });
          await whileOpen(organizationId);
          return outcome;
        }),
    };
  };
  return { ...hot, forOrganization };
}
