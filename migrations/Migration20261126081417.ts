import { Migration } from '@mikro-orm/migrations';

// The runtime tables of the engine: channels, conversations, the message log and outbox, timers.
const tenantChildKeys: [child: string, column: string, parent: string][] = [
  ['conversations', 'worker_id', 'workers'],
  ['conversations', 'worker_assignment_id', 'worker_assignments'],
  ['messages', 'channel_id', 'channels'],
  ['messages', 'worker_id', 'workers'],
  ['timers', 'conversation_id', 'conversations'],
];

export class Migration20261126081417 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "channels" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "kind" varchar(20) not null, "name" varchar(255) not null, "address" varchar(100) not null, "settings" jsonb not null default '{}', "secrets_ciphertext" text null, "status" varchar(20) not null default 'active', "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "channels_pkey" primary key ("id"), constraint channels_kind_check check (kind in ('twilio', 'cloud_api', 'console', 'baileys')));`);
    this.addSql(`alter table "channels" add constraint "channels_kind_address_unique" unique ("kind", "address");`);

    this.addSql(`create table "conversations" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "worker_id" uuid not null, "worker_assignment_id" uuid not null, "journey_blueprint_id" uuid not null, "status" varchar(20) not null default 'active', "snapshot" jsonb not null, "snapshot_format" int not null default 1, "version" int not null default 0, "started_at" timestamptz not null, "ended_at" timestamptz null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "conversations_pkey" primary key ("id"), constraint conversations_status_check check (status in ('active', 'completed', 'ended')));`);

    this.addSql(`create table "timers" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "conversation_id" uuid not null, "send_id" varchar(255) not null, "event" jsonb not null, "due_at" timestamptz not null, "created_at" timestamptz not null, constraint "timers_pkey" primary key ("id"));`);
    this.addSql(`alter table "timers" add constraint "timers_conversation_send_id_unique" unique ("conversation_id", "send_id");`);

    this.addSql(`create table "messages" ("id" uuid not null default gen_random_uuid(), "seq" bigint generated always as identity, "organization_id" uuid not null, "channel_id" uuid not null, "worker_id" uuid null, "conversation_id" uuid null, "touchpoint_key" varchar(100) null, "direction" varchar(10) not null, "body" text null, "payload" jsonb not null default '{}', "status" varchar(20) not null, "priority" smallint not null default 0, "provider_message_id" varchar(128) null, "error_code" varchar(32) null, "error_reason" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "read_at" timestamptz null, "failed_at" timestamptz null, constraint "messages_pkey" primary key ("id"), constraint messages_direction_check check (direction in ('inbound', 'outbound')), constraint messages_status_check check (status in ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'held')));`);
    this.addSql(`alter table "messages" add constraint "messages_channel_provider_id_unique" unique ("channel_id", "provider_message_id");`);

    this.addSql(`alter table "channels" add constraint "channels_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "conversations" add constraint "conversations_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "conversations" add constraint "conversations_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "conversations" add constraint "conversations_worker_assignment_id_foreign" foreign key ("worker_assignment_id") references "worker_assignments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "conversations" add constraint "conversations_journey_blueprint_id_foreign" foreign key ("journey_blueprint_id") references "journey_blueprints" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "timers" add constraint "timers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "timers" add constraint "timers_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "messages" add constraint "messages_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete set null;`);

    this.addSql(`create index "channels_organization_id_index" on "channels" ("organization_id");`);
    this.addSql(`create index "conversations_organization_id_index" on "conversations" ("organization_id");`);
    this.addSql(`create index "conversations_assignment_index" on "conversations" ("worker_assignment_id");`);
    this.addSql(`create index "timers_organization_id_index" on "timers" ("organization_id");`);
    this.addSql(`create index "timers_due_index" on "timers" ("due_at");`);
    this.addSql(`create index "messages_organization_id_index" on "messages" ("organization_id");`);
    this.addSql(`create index "messages_worker_log_index" on "messages" ("worker_id", "seq");`);

    // Written by hand.
    // One active conversation per worker.
    this.addSql(`create unique index "conversations_one_active_per_worker" on "conversations" ("worker_id") where status = 'active';`);
    // The outbox: queued outbound rows in priority order.
    this.addSql(`create index "messages_outbox_index" on "messages" ("priority", "seq") where status = 'queued';`);
    // Status callbacks find a message by its provider id.
    this.addSql(`create index "messages_provider_id_index" on "messages" ("provider_message_id") where provider_message_id is not null;`);
    for (const table of ['channels', 'conversations']) {
      this.addSql(`alter table "${table}" add constraint "${table}_id_organization_unique" unique ("id", "organization_id");`);
    }
    for (const [child, column, parent] of tenantChildKeys) {
      this.addSql(
        `alter table "${child}" add constraint "${child}_${column}_same_organization" foreign key ("${column}", "organization_id") ` +
          `references "${parent}" ("id", "organization_id") on delete cascade;`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of ['messages', 'timers', 'conversations', 'channels']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
