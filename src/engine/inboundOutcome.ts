import type { Keyword } from './matchKeyword';

/** Why a join code was refused: the tier's worker limit, or the self-enrollment program has ended. */
export type JoinRefusal = 'tier_limit' | 'program_ended';

/** What became of an inbound message: expected outcomes are values, not exceptions. */
export type InboundOutcome =
  | { kind: 'duplicate' }
  | { kind: 'unknown_sender'; joined: boolean; refused?: JoinRefusal }
  | { kind: 'keyword'; keyword: Keyword }
  | { kind: 'ignored'; reason: 'opted_out' | 'left' | 'bot_paused' }
  | { kind: 'no_active_conversation' }
  | { kind: 'program_paused' }
  | { kind: 'pacing_wait'; conversationId: string; nextAt: number }
  | { kind: 'advanced'; conversationId: string; completed: boolean };
