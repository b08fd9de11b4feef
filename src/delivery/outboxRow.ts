import type { ChannelKind } from '../channels/channelTypes';
import type { OrganizationSettings } from '../db/entities/Organization';

/** A queued outbound message with what deciding its send needs (read in the claim transaction). */
export interface OutboxRow {
  id: string;
  /** Insertion order (bigint, as a string). */
  seq: string;
  organization_id: string;
  channel_id: string;
  worker_id: string | null;
  conversation_id: string | null;
  priority: number;
  attempts: number;
  possibly_duplicate: boolean;
  body: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  channel_kind: ChannelKind;
  channel_settings: Record<string, unknown>;
  channel_status: string;
  /** The channel row's version: the dispatcher reuses the adapter it built for it. */
  channel_updated_at: Date;
  /** Failures counted or an unhealthy mark: a successful send clears them. */
  channel_health_marked: boolean;
  worker_phone: string | null;
  worker_timezone: string | null;
  worker_status: 'active' | 'opted_out' | 'left' | null;
  organization_settings: OrganizationSettings;
  /** The worker's last message on this channel (WhatsApp window), or null if never. */
  last_inbound_at: Date | null;
  /** An earlier message to the same worker is still being sent or due soon, and not claimed with this one: keep the order. */
  waits_for_earlier: boolean;
}

/** A row as the claim reads it: the earlier messages to the same worker still unsent (queued and due soon, or being sent), in order. */
export type OutboxCandidate = Omit<OutboxRow, 'waits_for_earlier'> & { earlier_unsent: string[] };
