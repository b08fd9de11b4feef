import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: after Migration20261206224000_16_redundantForeignKeys a step still
 * locked its organization's row (`for key share`, a multixact when other steps hold it too) once
 * per domain event and per ledger entry it wrote (5.2 checks per inbound step, the same row for
 * every worker of the organization), once more per status kept in pending_statuses, and per
 * event delivery where the organization has a webhook endpoint or an LRS.
 *
 * - gamification_ledger: its organization key becomes (worker_id, organization_id) → workers
 *   (worker_id is NOT NULL), ON DELETE CASCADE. The step has locked that worker row `for no key
 *   update`, so the check takes no new lock. Deleting a worker now deletes their entries: every
 *   reader of the ledger reaches it through an existing worker, so they were unreachable orphans
 *   (the balances, which keep no key, are still taken off the boards by deleteWorker first).
 *   Existing orphans are deleted first.
 * - domain_events: worker_id is nullable and had no key; it gets (worker_id, organization_id) →
 *   workers, ON DELETE CASCADE, checked on the worker row the step already locks. A row without a
 *   worker is not checked by that key, so its organization is checked through
 *   `workerless_organization_id` (a stored generated column: the organization when worker_id is
 *   null) → organizations, ON DELETE CASCADE. Every row still has its organization checked, and
 *   deleting an organization still deletes all its events (through its workers, or directly).
 *   Deleting a worker now deletes their events and, through event_id, their deliveries, as it
 *   deletes their messages (ON DELETE SET NULL would keep them, but then deleting an organization
 *   fails: the worker's cascade sets worker_id null, and the generated column then names the
 *   organization being deleted). Events of workers deleted before keep their rows, worker_id set
 *   to null. `domain_events_worker_id_index` lets deleting a worker find their events (and erasure).
 * - pending_statuses and channel_send_slots: the two single keys (organization, channel) become
 *   one (channel_id, organization_id) → channels, ON DELETE CASCADE: one check instead of two,
 *   and a status or slot can no longer name another organization's channel.
 * - event_deliveries: its event key and its organization key become one (event_id,
 *   organization_id) → domain_events, ON DELETE CASCADE: a delivery checks only the event its own
 *   statement has just written (not the organization row), and names its event's organization.
 *   For it, domain_events' primary key becomes (id, organization_id) (id alone is an identity
 *   GENERATED ALWAYS, unique by itself; lookups by id use the same index).
 *
 * Kept: every key to channels of messages, inbound_queue and inbound_provider_ids (the only link
 * of those rows to their channel; no row a step already locks carries the channel).
 */
const dropped: { table: string; name: string; definition: string }[] = [
  { table: 'gamification_ledger', name: 'gamification_ledger_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade' },
  { table: 'domain_events', name: 'domain_events_organization_id_fkey', definition: 'foreign key ("organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'pending_statuses', name: 'pending_statuses_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'pending_statuses', name: 'pending_statuses_channel_id_foreign', definition: 'foreign key ("channel_id") references "channels" ("id") on delete cascade' },
  { table: 'channel_send_slots', name: 'channel_send_slots_organization_id_foreign', definition: 'foreign key ("organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'channel_send_slots', name: 'channel_send_slots_channel_id_foreign', definition: 'foreign key ("channel_id") references "channels" ("id") on delete cascade' },
  { table: 'event_deliveries', name: 'event_deliveries_organization_id_fkey', definition: 'foreign key ("organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'event_deliveries', name: 'event_deliveries_event_id_fkey', definition: 'foreign key ("event_id") references "domain_events" ("id") on delete cascade' },
];

const added: { table: string; name: string; definition: string }[] = [
  { table: 'gamification_ledger', name: 'gamification_ledger_worker_id_same_organization', definition: 'foreign key ("worker_id", "organization_id") references "workers" ("id", "organization_id") on delete cascade' },
  { table: 'domain_events', name: 'domain_events_worker_id_same_organization', definition: 'foreign key ("worker_id", "organization_id") references "workers" ("id", "organization_id") on delete cascade' },
  { table: 'domain_events', name: 'domain_events_workerless_organization_id_fkey', definition: 'foreign key ("workerless_organization_id") references "organizations" ("id") on delete cascade' },
  { table: 'pending_statuses', name: 'pending_statuses_channel_same_organization', definition: 'foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade' },
  { table: 'channel_send_slots', name: 'channel_send_slots_channel_same_organization', definition: 'foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade' },
  { table: 'event_deliveries', name: 'event_deliveries_event_same_organization', definition: 'foreign key ("event_id", "organization_id") references "domain_events" ("id", "organization_id") on delete cascade' },
];

const eventsPrimaryKey = (columns: string) =>
  `alter table "domain_events" drop constraint "domain_events_pkey", add constraint "domain_events_pkey" primary key (${columns});`;

export class Migration20261207020000_16_workerKeysForEvents extends Migration {

  override async up(): Promise<void> {
    this.addSql(`delete from "gamification_ledger" l where not exists (select 1 from "workers" w where w."id" = l."worker_id" and w."organization_id" = l."organization_id");`);
    this.addSql(`update "domain_events" e set "worker_id" = null where e."worker_id" is not null and not exists (select 1 from "workers" w where w."id" = e."worker_id" and w."organization_id" = e."organization_id");`);
    this.addSql(`alter table "domain_events" add column "workerless_organization_id" uuid generated always as (case when "worker_id" is null then "organization_id" end) stored;`);
    this.addSql(`create index "domain_events_worker_id_index" on "domain_events" ("worker_id");`);
    for (const key of dropped) this.addSql(`alter table "${key.table}" drop constraint "${key.name}";`);
    this.addSql(eventsPrimaryKey('"id", "organization_id"'));
    for (const key of added) this.addSql(`alter table "${key.table}" add constraint "${key.name}" ${key.definition};`);
  }

  override async down(): Promise<void> {
    for (const key of [...added].reverse()) this.addSql(`alter table "${key.table}" drop constraint "${key.name}";`);
    this.addSql(eventsPrimaryKey('"id"'));
    for (const key of [...dropped].reverse()) this.addSql(`alter table "${key.table}" add constraint "${key.name}" ${key.definition};`);
    this.addSql(`drop index "domain_events_worker_id_index";`);
    this.addSql(`alter table "domain_events" drop column "workerless_organization_id";`);
  }
}
