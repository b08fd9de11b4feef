import type { LedgerEventKind } from './rulesSchema';

/** What a gamification event tells about itself (touchpoint, score, badge…), kept as the entry's `detail`. */
export interface LedgerDetail {
  touchpoint?: string;
  phase?: string;
  contentType?: string;
  journey?: string;
  /** A quiz answer's points. */
  score?: number;
  correct?: boolean;
  firstTry?: boolean;
  badge?: string;
  tier?: string;
  period?: string;
  challenge?: string;
}

/** One entry the ledger is about to record; points already follow the rules. */
export interface LedgerEntry {
  kind: LedgerEventKind;
  points: number;
  /** Unique per organization: the same source never earns twice. */
  idempotencyKey: string;
  detail: LedgerDetail;
}
