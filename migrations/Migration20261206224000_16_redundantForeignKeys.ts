import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: every insert checks each foreign key of its row with a
 * `select … for key share` on the parent row. The single-column keys below check nothing a
 * composite key of the same row does not already check: for each, a composite key over NOT NULL
 * columns, with ON DELETE CASCADE, names the same parent row (or, for `organization_id`, a parent
 * whose own kept key reaches `organizations`). Each `organization_id` check locked the one
 * organization row that every step of every worker of the organization locked (a multixact per
 * locker): 10.5 of them per inbound message in the bench. Ids are never updated, so the dropped
 * keys' ON UPDATE CASCADE did nothing.
 *
 * Tenancy: every row still has its organization guaranteed, through a kept key to a parent that
 * carries the same organization_id, whose own organization is guaranteed (workers, channels,
 * badges, worker_assignments, touchpoints keep their `organization_id` keys to `organizations`).
 * Cleanup: deleting an organization cascades to workers, channels, badges, worker_assignments and
 * touchpoints, and from them through the composite keys named below to every row that the
 * dropped keys cascaded to; deleting a worker, assignment, touchpoint, badge or conversation
 * cascades through the composite key as it did through the single one.
 *
 * - messages.organization_id → organizations: channel_id is NOT NULL and
 *   messages_channel_id_same_organization (channel_id, organization_id) → channels (cascade).
 *   (worker_id is nullable, so that key is not the argument.)
 * - inbound_queue.organization_id → organizations: channel_id is NOT NULL and
 *   inbound_queue_channel_same_organization (channel_id, organization_id) → channels (cascade).
 * - worker_progress: organization_id, worker_assignment_id and touchpoint_id: both NOT NULL in
 *   worker_progress_worker_assignment_id_same_organization → worker_assignments and
 *   worker_progress_touchpoint_id_same_organization → touchpoints (both cascade).
 * - timers: organization_id and conversation_id: conversation_id is NOT NULL in
 *   timers_conversation_id_same_organization → conversations (cascade); a conversation's
 *   organization is its worker's (next line).
 * - conversations: organization_id, worker_id and worker_assignment_id: all NOT NULL in
 *   conversations_worker_id_same_organization → workers and
 *   conversations_worker_assignment_id_same_organization → worker_assignments (both cascade).
 * - well_being_answers: organization_id and worker_id: worker_id is NOT NULL in
 *   well_being_answers_worker_id_same_organization → workers (cascade).
 * - worker_badges: organization_id, worker_id and badge_id: both NOT NULL in
 *   worker_badges_worker_id_same_organization → workers and
 *   worker_badges_badge_id_same_organization → badges (both cascade).
 *
 * Kept, because no other key implies them: messages' worker (nullable), conversation (ON DELETE
 * SET NULL) and broadcast keys; the organization keys of domain_events, event_deliveries,
 * gamification_ledger, bulk_turns, pending_statuses and channel_send_slots (each its row's only
 * link to its organization); the channel keys of pending_statuses, channel_send_slots and
 * recipient_pacing; inbound_provider_ids' composite key; conversations' journey blueprint key;
 * well_being_answers' nullable assignment and touchpoint keys (ON DELETE SET NULL).
 */
const dropped: { table: string; name: string; definition: string }[] = [
  { table: 'messages', name: 'messages_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'inbound_queue', name: 'inbound_queue_organization_id_fkey', definition: 'foreign key ("organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'worker_progress', name: 'worker_progress_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'worker_progress', name: 'worker_progress_worker_assignment_id_foreign', definition: 'foreign key ("worker_assignment_id") references "worker_assignments" ("id") on update cascade on delete cascade' },
  { table: 'worker_progress', name: 'worker_progress_touchpoint_id_foreign', definition: 'foreign key ("touchpoint_id") references "touchpoints" ("id") on update cascade on delete cascade' },
  { table: 'timers', name: 'timers_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'timers', name: 'timers_conversation_id_foreign', definition: 'foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade' },
  { table: 'conversations', name: 'conversations_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'conversations', name: 'conversations_worker_id_foreign', definition: 'foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade' },
  { table: 'conversations', name: 'conversations_worker_assignment_id_foreign', definition: 'foreign key ("worker_assignment_id") references "worker_assignments" ("id") on update cascade on delete cascade' },
  { table: 'well_being_answers', name: 'well_being_answers_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'well_being_answers', name: 'well_being_answers_worker_id_foreign', definition: 'foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade' },
  { table: 'worker_badges', name: 'worker_badges_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'worker_badges', name: 'worker_badges_worker_id_foreign', definition: 'foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade' },
  { table: 'worker_badges', name: 'worker_badges_badge_id_foreign', definition: 'foreign key ("badge_id") references "badges" ("id") on update cascade on delete cascade' },
];

export class Migration20261206224000_16_redundantForeignKeys extends Migration {

  override async up(): Promise<void> {
    for (const key of dropped) this.addSql(`alter table "${key.table}" drop constraint if exists "${key.name}";`);
  }

  override async down(): Promise<void> {
    for (const key of [...dropped].reverse()) this.addSql(`alter table "${key.table}" add constraint "${key.name}" ${key.definition};`);
  }
}
