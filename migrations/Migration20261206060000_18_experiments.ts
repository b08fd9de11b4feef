import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for experiments (issue 18): the design and pre-registration on `experiments`,
 * keys, weights and a control on `experiment_variants`, one sticky assignment per worker and
 * experiment, exposures, and the log of design changes made while running.
 */
export class Migration20261206060000_18_experiments extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "experiments"
      add column "key" varchar(100) null,
      add column "seed" varchar(100) null,
      add column "unit_attribute" varchar(100) null,
      add column "stratify_attribute" varchar(100) null,
      add column "segment_id" uuid null references "segments" ("id") on delete set null,
      add column "program_id" uuid null references "programs" ("id") on delete set null,
      add column "hypothesis" text null,
      add column "primary_metric" varchar(50) not null default 'journey_completion',
      add column "secondary_metrics" jsonb not null default '[]',
      add column "minimum_detectable_effect" double precision null,
      add column "planned_sample" int null,
      add column "analysed_at" timestamptz null;`);
    this.addSql(`update "experiments" set "key" = "id"::text, "seed" = "id"::text where "key" is null;`);
    this.addSql(`update "experiments" set "status" = 'running' where "status" = 'active';`);
    this.addSql(`update "experiments" set "experiment_type" = 'journey' where "experiment_type" = 'journey_level';`);
    this.addSql(`update "experiments" set "experiment_type" = 'program' where "experiment_type" = 'program_level';`);
    this.addSql(`alter table "experiments" alter column "key" set not null, alter column "seed" set not null, alter column "status" set default 'draft',
      add constraint "experiments_status_check" check ("status" in ('draft', 'running', 'stopped', 'analysed')),
      add constraint "experiments_type_check" check ("experiment_type" in ('journey', 'program')),
      add constraint "experiments_organization_key_unique" unique ("organization_id", "key");`);
    // At most one running program-level experiment per program.
    this.addSql(`create unique index "experiments_running_program_unique" on "experiments" ("program_id") where "status" = 'running' and "experiment_type" = 'program';`);

    this.addSql(`alter table "experiment_variants"
      add column "key" varchar(100) null,
      add column "weight" double precision not null default 1 check ("weight" > 0),
      add column "is_control" boolean not null default false,
      add column "blueprint_key" varchar(255) null,
      add column "position" int not null default 0;`);
    this.addSql(`update "experiment_variants" set "key" = "variant_name" where "key" is null;`);
    this.addSql(`alter table "experiment_variants" alter column "key" set not null,
      add constraint "experiment_variants_key_unique" unique ("experiment_id", "key");`);

    this.addSql(`alter table "experiment_assignments"
      add column "experiment_id" uuid null references "experiments" ("id") on delete cascade,
      add column "unit_id" varchar(255) null,
      add column "stratum" varchar(255) null,
      add column "bucket" double precision null;`);
    this.addSql(`update "experiment_assignments" ea set "experiment_id" = ev."experiment_id" from "experiment_variants" ev where ev."id" = ea."experiment_variant_id";`);
    this.addSql(`delete from "experiment_assignments" where "worker_id" is null;`);
    this.addSql(`alter table "experiment_assignments" alter column "experiment_id" set not null, alter column "worker_id" set not null,
      add constraint "experiment_assignments_worker_unique" unique ("experiment_id", "worker_id");`);
    this.addSql(`create index "experiment_assignments_unit_index" on "experiment_assignments" ("experiment_id", "unit_id");`);

    this.addSql(`create table "experiment_exposures" (
      "experiment_id" uuid not null references "experiments" ("id") on delete cascade,
      "worker_id" uuid not null references "workers" ("id") on delete cascade,
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "experiment_variant_id" uuid not null references "experiment_variants" ("id") on delete cascade,
      "exposed_at" timestamptz not null,
      constraint "experiment_exposures_pkey" primary key ("experiment_id", "worker_id"));`);
    this.addSql(`create index "experiment_exposures_organization_id_index" on "experiment_exposures" ("organization_id");`);

    this.addSql(`create table "experiment_design_changes" (
      "id" uuid not null default gen_random_uuid() primary key,
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "experiment_id" uuid not null references "experiments" ("id") on delete cascade,
      "field" varchar(100) not null,
      "before" jsonb null,
      "after" jsonb null,
      "changed_at" timestamptz not null default current_timestamp);`);
    this.addSql(`create index "experiment_design_changes_experiment_index" on "experiment_design_changes" ("experiment_id", "changed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "experiment_design_changes";`);
    this.addSql(`drop table "experiment_exposures";`);
    this.addSql(`alter table "experiment_assignments" drop constraint "experiment_assignments_worker_unique", alter column "worker_id" drop not null,
      drop column "experiment_id", drop column "unit_id", drop column "stratum", drop column "bucket";`);
    this.addSql(`alter table "experiment_variants" drop constraint "experiment_variants_key_unique",
      drop column "key", drop column "weight", drop column "is_control", drop column "blueprint_key", drop column "position";`);
    this.addSql(`drop index "experiments_running_program_unique";`);
    this.addSql(`alter table "experiments" drop constraint "experiments_status_check", drop constraint "experiments_type_check",
      drop constraint "experiments_organization_key_unique", alter column "status" set default 'active';`);
    this.addSql(`update "experiments" set "status" = 'active' where "status" = 'running';`);
    this.addSql(`update "experiments" set "experiment_type" = "experiment_type" || '_level';`);
    this.addSql(`alter table "experiments" drop column "key", drop column "seed", drop column "unit_attribute", drop column "stratify_attribute",
      drop column "segment_id", drop column "program_id", drop column "hypothesis", drop column "primary_metric", drop column "secondary_metrics",
      drop column "minimum_detectable_effect", drop column "planned_sample", drop column "analysed_at";`);
  }
}
