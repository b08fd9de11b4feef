import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the management API (src/api, src/programs, src/segments, src/broadcasts);
 * raw SQL tables, entities may follow:
 * - api_keys: per-organization machine keys, stored as a sha256 hash with a visible prefix;
 * - program_segments: a program's target segments;
 * - broadcasts and messages.broadcast_id: one row per broadcast, its messages point back to it;
 * - idempotency_keys: the first answer to a request with an Idempotency-Key, replayed on retry;
 * - webhook_secrets: the per-organization Standard Webhooks secret of signed broadcast requests;
 * - user_tokens: one-time invitation and password-reset links (sha256 of the token).
 */
export class Migration20261126120500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_keys" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null references "organizations" ("id") on delete cascade, "name" varchar(100) not null, "prefix" varchar(16) not null, "key_hash" char(64) not null, "role" varchar(50) not null, "created_by" uuid null references "users" ("id") on delete set null, "created_at" timestamptz not null default current_timestamp, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"), constraint "api_keys_key_hash_unique" unique ("key_hash"), constraint api_keys_role_check check (role in ('org_admin', 'training_manager', 'program_manager', 'content_specialist', 'coach')));`);
    this.addSql(`create index "api_keys_organization_id_index" on "api_keys" ("organization_id");`);

    this.addSql(`create table "program_segments" ("program_id" uuid not null references "programs" ("id") on delete cascade, "segment_id" uuid not null references "segments" ("id") on delete cascade, "organization_id" uuid not null references "organizations" ("id") on delete cascade, constraint "program_segments_pkey" primary key ("program_id", "segment_id"));`);
    this.addSql(`create index "program_segments_organization_id_index" on "program_segments" ("organization_id");`);

    this.addSql(`create table "broadcasts" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null references "organizations" ("id") on delete cascade, "target" jsonb not null, "content" jsonb not null, "channel_id" uuid null references "channels" ("id") on delete set null, "send_at" timestamptz null, "status" varchar(20) not null, "recipients" int not null default 0, "skipped_opted_out" int not null default 0, "created_at" timestamptz not null default current_timestamp, "cancelled_at" timestamptz null, constraint "broadcasts_pkey" primary key ("id"), constraint broadcasts_status_check check (status in ('queued', 'scheduled', 'cancelled')));`);
    this.addSql(`create index "broadcasts_organization_created_index" on "broadcasts" ("organization_id", "created_at");`);
    this.addSql(`alter table "messages" add column "broadcast_id" uuid null references "broadcasts" ("id") on delete set null;`);
    this.addSql(`create index "messages_broadcast_index" on "messages" ("broadcast_id", "status") where broadcast_id is not null;`);

    this.addSql(`create table "idempotency_keys" ("organization_id" uuid not null references "organizations" ("id") on delete cascade, "key" varchar(255) not null, "request_hash" char(64) not null, "response_status" int not null, "response_body" jsonb not null, "created_at" timestamptz not null default current_timestamp, constraint "idempotency_keys_pkey" primary key ("organization_id", "key"));`);

    this.addSql(`create table "webhook_secrets" ("organization_id" uuid not null references "organizations" ("id") on delete cascade, "secret" varchar(100) not null, "created_at" timestamptz not null default current_timestamp, constraint "webhook_secrets_pkey" primary key ("organization_id"));`);

    this.addSql(`create table "user_tokens" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null references "organizations" ("id") on delete cascade, "user_id" uuid not null references "users" ("id") on delete cascade, "purpose" varchar(20) not null, "token_hash" char(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null default current_timestamp, constraint "user_tokens_pkey" primary key ("id"), constraint "user_tokens_token_hash_unique" unique ("token_hash"), constraint user_tokens_purpose_check check (purpose in ('invitation', 'password_reset')));`);
    this.addSql(`create index "user_tokens_organization_id_index" on "user_tokens" ("organization_id");`);

    this.addSql(`create index "workers_organization_status_index" on "workers" ("organization_id", "status");`);
    this.addSql(`create index "worker_assignments_program_status_index" on "worker_assignments" ("program_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "worker_assignments_program_status_index";`);
    this.addSql(`drop index if exists "workers_organization_status_index";`);
    this.addSql(`drop table if exists "user_tokens" cascade;`);
    this.addSql(`drop table if exists "webhook_secrets" cascade;`);
    this.addSql(`drop table if exists "idempotency_keys" cascade;`);
    this.addSql(`drop index if exists "messages_broadcast_index";`);
    this.addSql(`alter table "messages" drop column if exists "broadcast_id";`);
    this.addSql(`drop table if exists "broadcasts" cascade;`);
    this.addSql(`drop table if exists "program_segments" cascade;`);
    this.addSql(`drop table if exists "api_keys" cascade;`);
  }
}
