import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: domain events and their outbox (signed webhooks to an organization's endpoints,
 * xAPI statements to its LRS). `domain_events.id` orders a worker's events; a delivery is one
 * event to one target, retried until delivered or given up.
 */
export class Migration20261206060000_eventsOut extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhook_endpoints" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "url" text not null, "events" text[] not null, "description" varchar(200) null, "secret_ciphertext" text not null,
      "enabled" boolean not null default true, "disabled_reason" text null, "disabled_at" timestamptz null,
      "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp,
      constraint "webhook_endpoints_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_endpoints_organization_id_index" on "webhook_endpoints" ("organization_id");`);
    this.addSql(`create table "lrs_configs" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "endpoint" text not null, "username" text not null, "password_ciphertext" text not null, "home_page" text not null,
      "send_free_text" boolean not null default false, "enabled" boolean not null default true,
      "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp,
      constraint "lrs_configs_pkey" primary key ("organization_id"));`);
    this.addSql(`create table "domain_events" (
      "id" bigint generated always as identity, "event_id" uuid not null default gen_random_uuid(),
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "worker_id" uuid null, "type" varchar(40) not null, "occurred_at" timestamptz not null, "data" jsonb not null,
      "created_at" timestamptz not null default current_timestamp,
      constraint "domain_events_pkey" primary key ("id"), constraint "domain_events_event_id_unique" unique ("event_id"));`);
    this.addSql(`create index "domain_events_created_at_index" on "domain_events" ("created_at");`);
    this.addSql(`create table "event_deliveries" (
      "id" bigint generated always as identity, "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "event_id" bigint not null references "domain_events" ("id") on delete cascade, "worker_id" uuid null,
      "target" varchar(10) not null, "endpoint_id" uuid null references "webhook_endpoints" ("id") on delete cascade,
      "status" varchar(12) not null default 'pending', "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default current_timestamp,
      "last_status" int null, "answer_ms" int null, "last_error" text null, "body" text null,
      "created_at" timestamptz not null default current_timestamp, "delivered_at" timestamptz null, "replay_of" bigint null,
      constraint "event_deliveries_pkey" primary key ("id"),
      constraint "event_deliveries_target_check" check ((target = 'webhook' and endpoint_id is not null) or (target = 'xapi' and endpoint_id is null)),
      constraint "event_deliveries_status_check" check (status in ('pending', 'sending', 'delivered', 'failed')));`);
    // The sender's claim: what is due, and whether an earlier event of the same worker is still on its way.
    this.addSql(`create index "event_deliveries_due_index" on "event_deliveries" ("next_attempt_at") where status in ('pending', 'sending');`);
    this.addSql(`create index "event_deliveries_open_by_worker_index" on "event_deliveries" ("endpoint_id", "worker_id", "event_id") where status in ('pending', 'sending');`);
    this.addSql(`create index "event_deliveries_endpoint_log_index" on "event_deliveries" ("endpoint_id", "id" desc);`);
    this.addSql(`create index "event_deliveries_event_id_index" on "event_deliveries" ("event_id");`);
    this.addSql(`create index "event_deliveries_created_at_index" on "event_deliveries" ("created_at") where body is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "event_deliveries";`);
    this.addSql(`drop table if exists "domain_events";`);
    this.addSql(`drop table if exists "lrs_configs";`);
    this.addSql(`drop table if exists "webhook_endpoints";`);
  }
}
