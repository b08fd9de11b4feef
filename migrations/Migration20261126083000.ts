import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the dispatcher and the scheduler (src/delivery, src/scheduler):
 * - messages: send attempts, the earliest next attempt (retry backoff, quiet hours), when a send
 *   was claimed (crash recovery and the per-recipient pair rate), and whether it may have gone twice;
 * - channel_send_slots: one row per channel, the earliest time its next send may start (the
 *   per-channel rate limit shared by every instance);
 * - bulk_turns: when each organization last had a bulk message claimed (fair round-robin);
 * - pending_statuses: provider statuses that arrived before the send returned the provider id;
 * - cron_runs: which instance ran a once-per-cluster cron slot;
 * - a statement trigger that NOTIFYs `outbox` when queued messages are inserted.
 */
export class Migration20261126083000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "messages" add column "attempts" int not null default 0, add column "next_attempt_at" timestamptz null, add column "claimed_at" timestamptz null, add column "possibly_duplicate" boolean not null default false;`);
    this.addSql(`create index "messages_outbox_org_index" on "messages" ("priority", "organization_id", "seq") where status = 'queued';`);
    this.addSql(`create index "messages_outbox_deferred_index" on "messages" ("next_attempt_at") where status = 'queued' and next_attempt_at is not null;`);
    this.addSql(`create index "messages_sending_index" on "messages" ("claimed_at") where status = 'sending';`);

    this.addSql(`create table "channel_send_slots" ("channel_id" uuid not null, "organization_id" uuid not null, "next_slot_at" timestamptz not null, constraint "channel_send_slots_pkey" primary key ("channel_id"));`);
    this.addSql(`alter table "channel_send_slots" add constraint "channel_send_slots_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "channel_send_slots" add constraint "channel_send_slots_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "bulk_turns" ("organization_id" uuid not null, "last_claimed_at" timestamptz not null, constraint "bulk_turns_pkey" primary key ("organization_id"));`);
    this.addSql(`alter table "bulk_turns" add constraint "bulk_turns_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "pending_statuses" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "channel_id" uuid not null, "provider_message_id" varchar(128) not null, "status" varchar(20) not null, "at" timestamptz not null, "error_code" varchar(32) null, "error_reason" text null, "received_at" timestamptz not null default current_timestamp, constraint "pending_statuses_pkey" primary key ("id"), constraint pending_statuses_status_check check (status in ('sent', 'delivered', 'read', 'failed')));`);
    this.addSql(`create index "pending_statuses_lookup_index" on "pending_statuses" ("channel_id", "provider_message_id");`);
    this.addSql(`create index "pending_statuses_received_index" on "pending_statuses" ("received_at");`);
    this.addSql(`alter table "pending_statuses" add constraint "pending_statuses_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "pending_statuses" add constraint "pending_statuses_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "cron_runs" ("key" varchar(255) not null, "instance" varchar(100) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, constraint "cron_runs_pkey" primary key ("key"));`);
    this.addSql(`create index "cron_runs_started_index" on "cron_runs" ("started_at");`);

    this.addSql(`create function notify_outbox() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from inserted where status = 'queued') then perform pg_notify('outbox', ''); end if;
        return null;
      end $$;`);
    this.addSql(`create trigger messages_notify_outbox after insert on messages referencing new table as inserted for each statement execute function notify_outbox();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists messages_notify_outbox on messages;`);
    this.addSql(`drop function if exists notify_outbox();`);
    this.addSql(`drop table if exists "cron_runs" cascade;`);
    this.addSql(`drop table if exists "pending_statuses" cascade;`);
    this.addSql(`drop table if exists "bulk_turns" cascade;`);
    this.addSql(`drop table if exists "channel_send_slots" cascade;`);
    this.addSql(`drop index if exists "messages_sending_index";`);
    this.addSql(`drop index if exists "messages_outbox_deferred_index";`);
    this.addSql(`drop index if exists "messages_outbox_org_index";`);
    this.addSql(`alter table "messages" drop column "attempts", drop column "next_attempt_at", drop column "claimed_at", drop column "possibly_duplicate";`);
  }
}
