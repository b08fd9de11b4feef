import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: every index is written on each insert (and on each update that
 * is not HOT), and an index without a query of its own can still be chosen by a plan made without
 * statistics (PostgreSQL's foreign-key check `select 1 from only workers x where id = $1 and
 * organization_id = $2 for key share` was seen walking `workers_organization_status_index`
 * instead of the unique (id, organization_id) index). Dropped, each with no query of its own (what
 * every kept index serves is tabled in src/db/README.md):
 *
 * - workers_organization_id_index (organization_id): a strict prefix of four other indexes
 *   without predicate (workers_list_name_index, workers_list_phone_index, ...); deleting an
 *   organization finds its workers through any of them.
 * - workers_organization_status_index (organization_id, status): status is `active` for nearly
 *   every worker, so the whole-organization scans that filter on it (enrolling a program,
 *   challenge participants) read the same rows as through any (organization_id, ...) index; the
 *   API's worker list filters by status but walks id order (the primary key).
 * - idx_workers_name (organization_id, full_name): no query compares or orders the raw name; the
 *   console's list orders by lower(full_name) COLLATE "C" (workers_list_name_index) and the API's
 *   search is `ilike '%...%'`, which no btree serves.
 * - workers_handoff_index (organization_id, handoff_requested_at) where handoff_requested_at is
 *   not null: no query orders or ranges on handoff_requested_at; the console's handoff filter is
 *   served by workers_list_handoff_index (same predicate, in the list's order).
 * - timers_due_index (due_at): the claim (`set_aside_at is null`) uses timers_claim_index, the
 *   same key over every timer not set aside; other readers find timers by conversation.
 * - timers_organization_id_index (organization_id): every statement on timers names the
 *   conversation (timers_conversation_send_id_unique), the timer (primary key) or set-aside
 *   timers (timers_set_aside_index).
 * - worker_badges_organization_id_index (organization_id): a worker's badges are read by worker
 *   (the primary key, worker_id first); no statement finds badges by organization alone, and
 *   deleting an organization reaches them through its workers.
 */
const dropped: { name: string; definition: string }[] = [
  { name: 'workers_organization_id_index', definition: 'on "workers" ("organization_id")' },
  { name: 'workers_organization_status_index', definition: 'on "workers" ("organization_id", "status")' },
  { name: 'idx_workers_name', definition: 'on "workers" ("organization_id", "full_name")' },
  { name: 'workers_handoff_index', definition: 'on "workers" ("organization_id", "handoff_requested_at") where handoff_requested_at is not null' },
  { name: 'timers_due_index', definition: 'on "timers" ("due_at")' },
  { name: 'timers_organization_id_index', definition: 'on "timers" ("organization_id")' },
  { name: 'worker_badges_organization_id_index', definition: 'on "worker_badges" ("organization_id")' },
];

export class Migration20261207060000_16_indexesWithQueries extends Migration {
  override async up(): Promise<void> {
    for (const index of dropped) this.addSql(`drop index "${index.name}";`);
  }

  override async down(): Promise<void> {
    for (const index of dropped) this.addSql(`create index "${index.name}" ${index.definition};`);
  }
}
