import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: every insert and status change of `messages` maintains each of its
 * indexes and checks each of its foreign keys; these have no query that needs them
 * (src/delivery/README.md, "Indexes of messages", lists each one kept with its query):
 * - messages_outbox_index (priority, seq) and messages_outbox_org_index (priority, organization_id,
 *   seq), both on queued rows: the claim reads queued rows per channel
 *   (messages_channel_outbox_index) since the channel skip scan; nothing orders the whole queue;
 * - messages_provider_id_index (provider_message_id): every lookup by provider id names the channel
 *   too, which the unique (channel_id, provider_message_id) index serves;
 * - the single-column foreign keys on channel_id and worker_id: the composite keys
 *   (channel_id, organization_id) and (worker_id, organization_id) check the same rows (and keep
 *   the tenant), with the same ON DELETE CASCADE; ids are never updated, so ON UPDATE CASCADE
 *   did nothing.
 */
export class Migration20261206061000_16c_leanMessages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "messages_outbox_index";`);
    this.addSql(`drop index if exists "messages_outbox_org_index";`);
    this.addSql(`drop index if exists "messages_provider_id_index";`);
    this.addSql(`alter table "messages" drop constraint if exists "messages_channel_id_foreign";`);
    this.addSql(`alter table "messages" drop constraint if exists "messages_worker_id_foreign";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "messages" add constraint "messages_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "messages_provider_id_index" on "messages" ("provider_message_id") where provider_message_id is not null;`);
    this.addSql(`create index "messages_outbox_org_index" on "messages" ("priority", "organization_id", "seq") where status = 'queued';`);
    this.addSql(`create index "messages_outbox_index" on "messages" ("priority", "seq") where status = 'queued';`);
  }
}
