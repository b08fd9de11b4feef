/** Why a conversation needs a person (coach_inbox_items.cause). */
export const inboxCauses = ['asked_for_person', 'unusable_text', 'low_well_being', 'flow_promise', 'message_failed'] as const;
export type InboxCause = (typeof inboxCauses)[number];

/** How the inbox names each cause. */
export const inboxCauseLabels: Record<InboxCause, string> = {
  asked_for_person: 'Asked for a person',
  unusable_text: 'Free text the bot could not use, twice in a row',
  low_well_being: 'Low well-being answer',
  flow_promise: 'The flow promised a person',
  message_failed: 'A message to them failed or is held',
};

/** A well-being answer at or below this (1–5) raises an item unless the organization sets `inboxWellBeingThreshold`. */
export const DEFAULT_WELL_BEING_THRESHOLD = 2;
