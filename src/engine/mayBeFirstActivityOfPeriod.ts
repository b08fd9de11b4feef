import { activityKinds } from '../gamification/activityKinds';
import type { LedgerEntry } from '../gamification/ledgerEntry';
import { streakPeriodStart, type LedgerWrite } from '../gamification/recordLedgerEntries';

/**
 * Whether recording these entries may make the ledger answer `firstActivityOfPeriod`, known before
 * writing them: they include an activity and the worker's latest activity within the ledger's
 * look-back (`readInboundStep`'s `last_activity_day`, read with the worker locked) is not in the
 * current streak period. false is certain (the activity read stays); true is checked by the
 * ledger itself (an entry already recorded, or a program without gamification, records nothing).
 */
export function mayBeFirstActivityOfPeriod(lastActivityDay: string | null, entries: readonly LedgerEntry[], write: LedgerWrite): boolean {
  if (!entries.some((entry) => activityKinds.includes(entry.kind))) return false;
  return lastActivityDay === null || lastActivityDay < streakPeriodStart(write);
}
