import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: platform operators (above organizations, made from the command line), the
 * suspension of an organization, and the marketplace: listings of an expert organization, their
 * versions (the flow YAML exported when published, so installs never depend on the expert's rows),
 * licences held by a client organization, and the origin and licence of an installed blueprint.
 */
export class Migration20261206091000_market_marketplace extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "platform_operators" (
      "id" uuid not null default gen_random_uuid() primary key, "email" varchar(255) not null unique,
      "key_hash" varchar(64) not null unique, "created_at" timestamptz not null default current_timestamp, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "organizations" add column "suspended_at" timestamptz null;`);

    this.addSql(`create table "marketplace_listings" (
      "id" uuid not null default gen_random_uuid() primary key, "organization_id" uuid not null references "organizations" ("id") on update cascade on delete cascade,
      "blueprint_key" varchar(100) not null, "title" varchar(200) not null, "description" text not null,
      "languages" text[] not null, "duration" varchar(60) null, "tags" text[] not null default '{}',
      "terms" jsonb not null, "status" varchar(20) not null default 'published' check ("status" in ('published', 'unpublished')),
      "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp,
      constraint "marketplace_listings_org_key_unique" unique ("organization_id", "blueprint_key"));`);
    // Browsing lists the published listings, newest first.
    this.addSql(`create index "marketplace_listings_browse" on "marketplace_listings" ("updated_at" desc) where "status" = 'published';`);

    this.addSql(`create table "marketplace_listing_versions" (
      "id" uuid not null default gen_random_uuid() primary key, "organization_id" uuid not null references "organizations" ("id") on update cascade on delete cascade,
      "listing_id" uuid not null references "marketplace_listings" ("id") on delete cascade, "version" int not null,
      "journey_blueprint_id" uuid null references "journey_blueprints" ("id") on delete set null, "blueprint_version" int not null,
      "flow_yaml" text not null, "preview" jsonb not null, "diagram" text not null, "created_at" timestamptz not null default current_timestamp,
      constraint "marketplace_listing_versions_unique" unique ("listing_id", "version"));`);

    // A licence is the client's row; the listing and expert stay named even if the expert is deleted.
    this.addSql(`create table "marketplace_licences" (
      "id" uuid not null default gen_random_uuid() primary key, "organization_id" uuid not null references "organizations" ("id") on update cascade on delete cascade,
      "listing_id" uuid null references "marketplace_listings" ("id") on delete set null,
      "expert_organization_id" uuid null references "organizations" ("id") on delete set null,
      "listing_title" varchar(200) not null, "kind" varchar(10) not null check ("kind" in ('free', 'seats', 'time')),
      "seats" int null check ("seats" > 0), "expires_at" timestamptz null, "allow_fork" boolean not null default false,
      "status" varchar(20) not null check ("status" in ('requested', 'active', 'refused')),
      "installed_key" varchar(100) null, "installed_version" int null,
      "seat_warning_at" timestamptz null, "expiry_warning_at" timestamptz null,
      "requested_at" timestamptz not null default current_timestamp, "granted_at" timestamptz null,
      constraint "marketplace_licences_one_per_listing" unique ("organization_id", "listing_id"));`);
    this.addSql(`create index "marketplace_licences_expert" on "marketplace_licences" ("expert_organization_id", "requested_at" desc);`);
    // The enrollment check finds the licences of a program's blueprint keys.
    this.addSql(`create index "marketplace_licences_installed" on "marketplace_licences" ("organization_id", "installed_key") where "installed_key" is not null;`);
    // The warning job scans active licences that may still need a warning.
    this.addSql(`create index "marketplace_licences_warnings" on "marketplace_licences" ("status") where "seat_warning_at" is null or "expiry_warning_at" is null;`);

    this.addSql(`alter table "journey_blueprints" add column "origin_listing_version_id" uuid null references "marketplace_listing_versions" ("id") on delete set null,
      add column "licence_id" uuid null references "marketplace_licences" ("id") on delete set null,
      add column "read_only" boolean not null default false;`);
    // Usage for the expert: the installed copies of a listing's versions.
    this.addSql(`create index "journey_blueprints_origin" on "journey_blueprints" ("origin_listing_version_id") where "origin_listing_version_id" is not null;`);
    // Seats: the programs that play an installed key (every enrollment under a licence, the warning job).
    this.addSql(`create index "program_blueprints_blueprint_index" on "program_blueprints" ("journey_blueprint_id");`);
    // Usage: the conversations, attempts and well-being answers of the installed copies.
    this.addSql(`create index "conversations_blueprint_index" on "conversations" ("journey_blueprint_id");`);
    this.addSql(`create index "worker_progress_touchpoint_index" on "worker_progress" ("touchpoint_id");`);
    this.addSql(`create index "well_being_answers_touchpoint_index" on "well_being_answers" ("touchpoint_id") where "touchpoint_id" is not null;`);
  }

  override async down(): Promise<void> {
    for (const index of ['program_blueprints_blueprint_index', 'conversations_blueprint_index', 'worker_progress_touchpoint_index', 'well_being_answers_touchpoint_index']) {
      this.addSql(`drop index if exists "${index}";`);
    }
    this.addSql(`alter table "journey_blueprints" drop column "origin_listing_version_id", drop column "licence_id", drop column "read_only";`);
    this.addSql(`drop table if exists "marketplace_licences";`);
    this.addSql(`drop table if exists "marketplace_listing_versions";`);
    this.addSql(`drop table if exists "marketplace_listings";`);
    this.addSql(`alter table "organizations" drop column "suspended_at";`);
    this.addSql(`drop table if exists "platform_operators";`);
  }
}
