import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the gamification ledger (append-only; unique per organization and idempotency
 * key, so it can be hash-partitioned or distributed by organization_id), its balances kept in the
 * step's statement (all-time and per local week; `listed` copies the worker's leaderboard choice so a
 * board is one index range), versioned rules, the program switch and the
 * worker's leaderboard display choice.
 */
export class Migration20261206060000_gamification extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "programs" add column "gamification_enabled" boolean not null default true;`);
    this.addSql(`alter table "workers" add column "leaderboard_display" varchar(20) not null default 'named',
      add constraint workers_leaderboard_display_check check (leaderboard_display in ('named', 'anonymous', 'hidden'));`);

    this.addSql(`create table "gamification_ledger" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "worker_id" uuid not null,
      "program_id" uuid null, "kind" varchar(40) not null, "points" int not null, "idempotency_key" varchar(300) not null,
      "occurred_at" timestamptz not null, "week_start" date not null, "reverses_id" uuid null, "rule_version" int null, "detail" jsonb not null default '{}',
      "recorded_at" timestamptz not null default current_timestamp,
      constraint "gamification_ledger_pkey" primary key ("organization_id", "id"),
      constraint "gamification_ledger_idempotency_unique" unique ("organization_id", "idempotency_key"));`);
    this.addSql(`create unique index "gamification_ledger_one_reversal" on "gamification_ledger" ("organization_id", "reverses_id") where "reverses_id" is not null;`);
    this.addSql(`create index "gamification_ledger_worker_time" on "gamification_ledger" ("organization_id", "worker_id", "occurred_at" desc, "id" desc);`);
    this.addSql(`alter table "gamification_ledger" add constraint "gamification_ledger_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`create table "gamification_balances" (
      "organization_id" uuid not null, "worker_id" uuid not null, "program_id" uuid null, "points" int not null,
      "listed" boolean not null default true, "updated_at" timestamptz not null default current_timestamp,
      constraint "gamification_balances_unique" unique nulls not distinct ("organization_id", "worker_id", "program_id"));`);
    this.addSql(`create index "gamification_balances_board" on "gamification_balances" ("organization_id", "program_id", "points" desc, "worker_id") where "listed";`);

    this.addSql(`create table "gamification_weekly_points" (
      "organization_id" uuid not null, "worker_id" uuid not null, "program_id" uuid null, "week_start" date not null, "points" int not null,
      "listed" boolean not null default true,
      constraint "gamification_weekly_points_unique" unique nulls not distinct ("organization_id", "worker_id", "program_id", "week_start"));`);
    this.addSql(`create index "gamification_weekly_points_board" on "gamification_weekly_points" ("organization_id", "program_id", "week_start", "points" desc, "worker_id") where "listed";`);

    // Boards scoped to a worker attribute (a site, a team) find its workers by containment.
    this.addSql(`create index "workers_attributes_index" on "workers" using gin ("attributes" jsonb_path_ops);`);

    this.addSql(`create table "gamification_rule_versions" (
      "organization_id" uuid not null, "version" int not null, "rules" jsonb not null, "active" boolean not null default false,
      "created_at" timestamptz not null default current_timestamp, "activated_at" timestamptz null,
      constraint "gamification_rule_versions_pkey" primary key ("organization_id", "version"));`);
    this.addSql(`create unique index "gamification_rule_versions_one_active" on "gamification_rule_versions" ("organization_id") where "active";`);
    this.addSql(`alter table "gamification_rule_versions" add constraint "gamification_rule_versions_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gamification_rule_versions";`);
    this.addSql(`drop table if exists "gamification_weekly_points";`);
    this.addSql(`drop table if exists "gamification_balances";`);
    this.addSql(`drop table if exists "gamification_ledger";`);
    this.addSql(`drop index if exists "workers_attributes_index";`);
    this.addSql(`alter table "workers" drop constraint if exists workers_leaderboard_display_check, drop column if exists "leaderboard_display";`);
    this.addSql(`alter table "programs" drop column if exists "gamification_enabled";`);
  }
}
