import type { OutboundMessage } from '../channels/channelTypes';
import type { OutboxRow } from './outboxRow';

/** A row claimed for sending: marked `sending` in the committed claim transaction. */
export interface ClaimedSend {
  row: OutboxRow;
  message: OutboundMessage;
  asTemplate: boolean;
  /** The attempt this send is, 1-based. */
  attempt: number;
  /** Business time it may go out at, epoch ms: a channel's rows claimed together keep their rate spacing. */
  notBefore: number;
}

export interface ClaimOutcome {
  claimed: ClaimedSend[];
  /** Rows held (window closed without template) or failed before sending, for reporting. */
  held: Array<{ id: string; code: string; reason: string }>;
  /** When something not claimable now may become claimable (rate slot, pair rate), epoch ms. */
  wakeAt?: number;
}
