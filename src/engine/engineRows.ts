/** Row shapes the engine reads with raw SQL (snake_case, as PostgreSQL returns them). */

export interface WorkerRow {
  id: string;
  organization_id: string;
  full_name: string;
  phone_number: string;
  /** The worker's language, else the organization's default language (null: neither is set, English). */
  language: string | null;
  status: 'active' | 'opted_out' | 'left';
  /** A coach paused the bot for this worker. */
  bot_paused: boolean;
}

export interface ConversationRow {
  id: string;
  organization_id: string;
  worker_id: string;
  worker_assignment_id: string;
  journey_blueprint_id: string;
  snapshot: Record<string, unknown>;
  snapshot_format: number;
  version: number;
}

/** The channel a unit of work talks through. */
export interface ChannelRef {
  id: string;
  organizationId: string;
}
