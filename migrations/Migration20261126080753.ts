import { Migration } from '@mikro-orm/migrations';

const tenantParents = [
  'journey_blueprints', 'phases', 'content', 'programs', 'workers', 'segments',
  'worker_assignments', 'touchpoints', 'experiments', 'experiment_variants', 'badges',
];

// The two keys that reference shared definitions are deferred rather than RESTRICT, as the
// single-column keys are: deleting an organization cascades to content before touchpoints.
const deferred = 'no action deferrable initially deferred';

const tenantChildKeys: [child: string, column: string, parent: string, onDelete: string][] = [
  ['phases', 'journey_blueprint_id', 'journey_blueprints', 'cascade'],
  ['touchpoints', 'phase_id', 'phases', 'cascade'],
  ['touchpoints', 'content_id', 'content', deferred],
  ['worker_segment', 'worker_id', 'workers', 'cascade'],
  ['worker_segment', 'segment_id', 'segments', 'cascade'],
  ['program_blueprints', 'program_id', 'programs', 'cascade'],
  ['program_blueprints', 'journey_blueprint_id', 'journey_blueprints', deferred],
  ['worker_assignments', 'program_id', 'programs', 'cascade'],
  ['worker_assignments', 'worker_id', 'workers', 'cascade'],
  ['worker_progress', 'worker_assignment_id', 'worker_assignments', 'cascade'],
  ['worker_progress', 'touchpoint_id', 'touchpoints', 'cascade'],
  ['experiment_variants', 'experiment_id', 'experiments', 'cascade'],
  ['experiment_assignments', 'experiment_variant_id', 'experiment_variants', 'cascade'],
  ['experiment_assignments', 'worker_id', 'workers', 'cascade'],
  ['worker_badges', 'worker_id', 'workers', 'cascade'],
  ['worker_badges', 'badge_id', 'badges', 'cascade'],
  ['well_being_answers', 'worker_id', 'workers', 'cascade'],
];

export class Migration20261126080753 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organizations" ("id" uuid not null default gen_random_uuid(), "name" varchar(255) not null, "type" varchar(50) not null, "subscription_tier" varchar(50) not null, "settings" jsonb not null default '{}', "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "organizations_pkey" primary key ("id"), constraint organizations_type_check check (type in ('client', 'expert')), constraint organizations_subscription_tier_check check (subscription_tier in ('basic', 'standard', 'premium')));`);
    this.addSql(`create index "idx_org_name" on "organizations" ("name");`);

    this.addSql(`create table "content" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "type" varchar(50) not null, "title" varchar(255) null, "description" text null, "media_url" text null, "license_type" varchar(50) null, "body" jsonb not null default '{}', "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "content_pkey" primary key ("id"));`);
    this.addSql(`create index "content_organization_id_index" on "content" ("organization_id");`);
    this.addSql(`create index "idx_content_type" on "content" ("type");`);

    this.addSql(`create table "badges" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "key" varchar(100) not null, "name" varchar(100) not null, "description" text null, "icon_url" text null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "badges_pkey" primary key ("id"));`);
    this.addSql(`create index "badges_organization_id_index" on "badges" ("organization_id");`);
    this.addSql(`alter table "badges" add constraint "badges_organization_key_unique" unique ("organization_id", "key");`);

    this.addSql(`create table "segments" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "name" varchar(255) not null, "rule_definition" text null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "segments_pkey" primary key ("id"));`);
    this.addSql(`create index "segments_organization_id_index" on "segments" ("organization_id");`);
    this.addSql(`create index "idx_segment_name" on "segments" ("name");`);

    this.addSql(`create table "users" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "email" varchar(255) not null, "role" varchar(50) not null, "display_name" varchar(100) null, "password_hash" varchar(255) null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`create index "users_organization_id_index" on "users" ("organization_id");`);
    this.addSql(`create index "idx_users_email" on "users" ("email");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "programs" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "name" varchar(255) not null, "start_date" date null, "end_date" date null, "status" varchar(20) not null default 'active', "created_by" uuid null, "updated_by" uuid null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "programs_pkey" primary key ("id"), constraint programs_status_check check (status in ('draft', 'active', 'paused', 'completed')));`);
    this.addSql(`create index "idx_program_org" on "programs" ("organization_id");`);

    this.addSql(`create table "journey_blueprints" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "title" varchar(255) not null, "purpose" text null, "created_by" uuid null, "updated_by" uuid null, "key" varchar(100) not null, "version" int not null, "status" varchar(20) not null default 'draft', "default_language" varchar(20) not null default 'en', "definition" jsonb not null, "content_hash" varchar(64) not null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "journey_blueprints_pkey" primary key ("id"), constraint journey_blueprints_status_check check (status in ('draft', 'published', 'archived')));`);
    this.addSql(`create index "journey_blueprints_organization_id_index" on "journey_blueprints" ("organization_id");`);
    this.addSql(`alter table "journey_blueprints" add constraint "journey_blueprints_org_key_version_unique" unique ("organization_id", "key", "version");`);

    this.addSql(`create table "program_blueprints" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "program_id" uuid not null, "journey_blueprint_id" uuid not null, "order_in_program" int not null, constraint "program_blueprints_pkey" primary key ("id"));`);
    this.addSql(`create index "program_blueprints_organization_id_index" on "program_blueprints" ("organization_id");`);
    this.addSql(`create index "idx_pb_program" on "program_blueprints" ("program_id");`);

    this.addSql(`create table "phases" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "journey_blueprint_id" uuid not null, "key" varchar(100) not null, "name" varchar(255) not null, "sequence_order" int not null, constraint "phases_pkey" primary key ("id"));`);
    this.addSql(`create index "phases_organization_id_index" on "phases" ("organization_id");`);
    this.addSql(`create index "idx_phase_sequence" on "phases" ("journey_blueprint_id", "sequence_order");`);

    this.addSql(`create table "touchpoints" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "phase_id" uuid not null, "content_id" uuid not null, "key" varchar(100) not null, "sequence_order" int not null, "rule_logic" jsonb null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "touchpoints_pkey" primary key ("id"));`);
    this.addSql(`create index "touchpoints_organization_id_index" on "touchpoints" ("organization_id");`);
    this.addSql(`create index "idx_touchpoint_phase" on "touchpoints" ("phase_id");`);

    this.addSql(`create table "experiments" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "experiment_type" varchar(50) not null, "name" varchar(255) not null, "status" varchar(50) not null default 'active', "start_date" timestamptz null, "end_date" timestamptz null, "created_by" uuid null, "updated_by" uuid null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "experiments_pkey" primary key ("id"));`);
    this.addSql(`create index "idx_expt_org" on "experiments" ("organization_id");`);

    this.addSql(`create table "experiment_variants" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "experiment_id" uuid not null, "variant_name" varchar(255) not null, "variant_details" jsonb null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "experiment_variants_pkey" primary key ("id"));`);
    this.addSql(`create index "experiment_variants_organization_id_index" on "experiment_variants" ("organization_id");`);
    this.addSql(`create index "idx_variant_expt" on "experiment_variants" ("experiment_id");`);

    this.addSql(`create table "workers" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "full_name" varchar(255) not null, "phone_number" varchar(50) null, "language" varchar(20) null, "timezone" varchar(64) null, "attributes" jsonb not null default '{}', "status" varchar(20) not null default 'active', "opted_out_at" timestamptz null, "well_being_score" int null, "performance_metric" int null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "workers_pkey" primary key ("id"), constraint workers_status_check check (status in ('active', 'opted_out', 'left')), constraint workers_phone_e164_check check (phone_number ~ '^\\+[1-9][0-9]{6,14}\$'), constraint workers_well_being_score_check check (well_being_score between 1 and 5));`);
    this.addSql(`create index "workers_organization_id_index" on "workers" ("organization_id");`);
    this.addSql(`create index "idx_workers_name" on "workers" ("organization_id", "full_name");`);
    this.addSql(`alter table "workers" add constraint "workers_organization_phone_unique" unique ("organization_id", "phone_number");`);

    this.addSql(`create table "experiment_assignments" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "experiment_variant_id" uuid not null, "worker_id" uuid null, "assigned_at" timestamptz not null default current_timestamp, constraint "experiment_assignments_pkey" primary key ("id"));`);
    this.addSql(`create index "experiment_assignments_organization_id_index" on "experiment_assignments" ("organization_id");`);
    this.addSql(`create index "idx_ea_variant" on "experiment_assignments" ("experiment_variant_id");`);
    this.addSql(`create index "idx_ea_worker" on "experiment_assignments" ("worker_id");`);

    this.addSql(`create table "worker_assignments" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "program_id" uuid not null, "worker_id" uuid not null, "enrollment_date" timestamptz not null default current_timestamp, "status" varchar(50) not null default 'active', "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "worker_assignments_pkey" primary key ("id"));`);
    this.addSql(`create index "worker_assignments_organization_id_index" on "worker_assignments" ("organization_id");`);
    this.addSql(`create index "idx_wa_worker" on "worker_assignments" ("worker_id");`);
    this.addSql(`alter table "worker_assignments" add constraint "idx_wa_program_worker" unique ("program_id", "worker_id");`);

    this.addSql(`create table "well_being_answers" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "worker_id" uuid not null, "worker_assignment_id" uuid null, "touchpoint_id" uuid null, "value" int not null, "answered_at" timestamptz not null, constraint "well_being_answers_pkey" primary key ("id"), constraint well_being_answers_value_check check (value between 1 and 5));`);
    this.addSql(`create index "well_being_answers_organization_id_index" on "well_being_answers" ("organization_id");`);
    this.addSql(`create index "idx_wba_worker_time" on "well_being_answers" ("worker_id", "answered_at");`);

    this.addSql(`create table "worker_badges" ("worker_id" uuid not null, "badge_id" uuid not null, "organization_id" uuid not null, "awarded_at" timestamptz not null default current_timestamp, constraint "worker_badges_pkey" primary key ("worker_id", "badge_id"));`);
    this.addSql(`create index "worker_badges_organization_id_index" on "worker_badges" ("organization_id");`);

    this.addSql(`create table "worker_progress" ("id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "worker_assignment_id" uuid not null, "touchpoint_id" uuid not null, "started_at" timestamptz null, "completed_at" timestamptz null, "score" numeric(5,2) null, "feedback_text" text null, "attempt" int not null default 1, "correct" boolean null, "answer" text null, "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp, constraint "worker_progress_pkey" primary key ("id"));`);
    this.addSql(`create index "worker_progress_organization_id_index" on "worker_progress" ("organization_id");`);
    this.addSql(`create index "idx_wp_wa_tp" on "worker_progress" ("worker_assignment_id", "touchpoint_id");`);

    this.addSql(`create table "worker_segment" ("worker_id" uuid not null, "segment_id" uuid not null, "organization_id" uuid not null, "assigned_at" timestamptz not null default current_timestamp, constraint "worker_segment_pkey" primary key ("worker_id", "segment_id"));`);
    this.addSql(`create index "idx_ws_worker" on "worker_segment" ("worker_id");`);
    this.addSql(`create index "idx_ws_segment" on "worker_segment" ("segment_id");`);
    this.addSql(`create index "worker_segment_organization_id_index" on "worker_segment" ("organization_id");`);

    this.addSql(`alter table "content" add constraint "content_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "badges" add constraint "badges_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "segments" add constraint "segments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "users" add constraint "users_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "programs" add constraint "programs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "programs" add constraint "programs_created_by_foreign" foreign key ("created_by") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "programs" add constraint "programs_updated_by_foreign" foreign key ("updated_by") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "journey_blueprints" add constraint "journey_blueprints_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "journey_blueprints" add constraint "journey_blueprints_created_by_foreign" foreign key ("created_by") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "journey_blueprints" add constraint "journey_blueprints_updated_by_foreign" foreign key ("updated_by") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "program_blueprints" add constraint "program_blueprints_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "program_blueprints" add constraint "program_blueprints_program_id_foreign" foreign key ("program_id") references "programs" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "program_blueprints" add constraint "program_blueprints_journey_blueprint_id_foreign" foreign key ("journey_blueprint_id") references "journey_blueprints" ("id") on update cascade on delete no action deferrable initially deferred;`);

    this.addSql(`alter table "phases" add constraint "phases_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "phases" add constraint "phases_journey_blueprint_id_foreign" foreign key ("journey_blueprint_id") references "journey_blueprints" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "touchpoints" add constraint "touchpoints_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "touchpoints" add constraint "touchpoints_phase_id_foreign" foreign key ("phase_id") references "phases" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "touchpoints" add constraint "touchpoints_content_id_foreign" foreign key ("content_id") references "content" ("id") on update cascade on delete no action deferrable initially deferred;`);

    this.addSql(`alter table "experiments" add constraint "experiments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "experiments" add constraint "experiments_created_by_foreign" foreign key ("created_by") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "experiments" add constraint "experiments_updated_by_foreign" foreign key ("updated_by") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "experiment_variants" add constraint "experiment_variants_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "experiment_variants" add constraint "experiment_variants_experiment_id_foreign" foreign key ("experiment_id") references "experiments" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "workers" add constraint "workers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "experiment_assignments" add constraint "experiment_assignments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "experiment_assignments" add constraint "experiment_assignments_experiment_variant_id_foreign" foreign key ("experiment_variant_id") references "experiment_variants" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "experiment_assignments" add constraint "experiment_assignments_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "worker_assignments" add constraint "worker_assignments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_assignments" add constraint "worker_assignments_program_id_foreign" foreign key ("program_id") references "programs" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_assignments" add constraint "worker_assignments_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "well_being_answers" add constraint "well_being_answers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "well_being_answers" add constraint "well_being_answers_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "well_being_answers" add constraint "well_being_answers_worker_assignment_id_foreign" foreign key ("worker_assignment_id") references "worker_assignments" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "well_being_answers" add constraint "well_being_answers_touchpoint_id_foreign" foreign key ("touchpoint_id") references "touchpoints" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "worker_badges" add constraint "worker_badges_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_badges" add constraint "worker_badges_badge_id_foreign" foreign key ("badge_id") references "badges" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_badges" add constraint "worker_badges_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "worker_progress" add constraint "worker_progress_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_progress" add constraint "worker_progress_worker_assignment_id_foreign" foreign key ("worker_assignment_id") references "worker_assignments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_progress" add constraint "worker_progress_touchpoint_id_foreign" foreign key ("touchpoint_id") references "touchpoints" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "worker_segment" add constraint "worker_segment_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_segment" add constraint "worker_segment_segment_id_foreign" foreign key ("segment_id") references "segments" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "worker_segment" add constraint "worker_segment_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    // Written by hand: keep every child row in its parent's organization.
    for (const parent of tenantParents) {
      this.addSql(`alter table "${parent}" add constraint "${parent}_id_organization_unique" unique ("id", "organization_id");`);
    }
    for (const [child, column, parent, onDelete] of tenantChildKeys) {
      this.addSql(
        `alter table "${child}" add constraint "${child}_${column}_same_organization" foreign key ("${column}", "organization_id") ` +
          `references "${parent}" ("id", "organization_id") on delete ${onDelete};`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "content" drop constraint "content_organization_id_foreign";`);

    this.addSql(`alter table "badges" drop constraint "badges_organization_id_foreign";`);

    this.addSql(`alter table "segments" drop constraint "segments_organization_id_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_organization_id_foreign";`);

    this.addSql(`alter table "programs" drop constraint "programs_organization_id_foreign";`);

    this.addSql(`alter table "journey_blueprints" drop constraint "journey_blueprints_organization_id_foreign";`);

    this.addSql(`alter table "program_blueprints" drop constraint "program_blueprints_organization_id_foreign";`);

    this.addSql(`alter table "phases" drop constraint "phases_organization_id_foreign";`);

    this.addSql(`alter table "touchpoints" drop constraint "touchpoints_organization_id_foreign";`);

    this.addSql(`alter table "experiments" drop constraint "experiments_organization_id_foreign";`);

    this.addSql(`alter table "experiment_variants" drop constraint "experiment_variants_organization_id_foreign";`);

    this.addSql(`alter table "workers" drop constraint "workers_organization_id_foreign";`);

    this.addSql(`alter table "experiment_assignments" drop constraint "experiment_assignments_organization_id_foreign";`);

    this.addSql(`alter table "worker_assignments" drop constraint "worker_assignments_organization_id_foreign";`);

    this.addSql(`alter table "well_being_answers" drop constraint "well_being_answers_organization_id_foreign";`);

    this.addSql(`alter table "worker_badges" drop constraint "worker_badges_organization_id_foreign";`);

    this.addSql(`alter table "worker_progress" drop constraint "worker_progress_organization_id_foreign";`);

    this.addSql(`alter table "worker_segment" drop constraint "worker_segment_organization_id_foreign";`);

    this.addSql(`alter table "touchpoints" drop constraint "touchpoints_content_id_foreign";`);

    this.addSql(`alter table "worker_badges" drop constraint "worker_badges_badge_id_foreign";`);

    this.addSql(`alter table "worker_segment" drop constraint "worker_segment_segment_id_foreign";`);

    this.addSql(`alter table "programs" drop constraint "programs_created_by_foreign";`);

    this.addSql(`alter table "programs" drop constraint "programs_updated_by_foreign";`);

    this.addSql(`alter table "journey_blueprints" drop constraint "journey_blueprints_created_by_foreign";`);

    this.addSql(`alter table "journey_blueprints" drop constraint "journey_blueprints_updated_by_foreign";`);

    this.addSql(`alter table "experiments" drop constraint "experiments_created_by_foreign";`);

    this.addSql(`alter table "experiments" drop constraint "experiments_updated_by_foreign";`);

    this.addSql(`alter table "program_blueprints" drop constraint "program_blueprints_program_id_foreign";`);

    this.addSql(`alter table "worker_assignments" drop constraint "worker_assignments_program_id_foreign";`);

    this.addSql(`alter table "program_blueprints" drop constraint "program_blueprints_journey_blueprint_id_foreign";`);

    this.addSql(`alter table "phases" drop constraint "phases_journey_blueprint_id_foreign";`);

    this.addSql(`alter table "touchpoints" drop constraint "touchpoints_phase_id_foreign";`);

    this.addSql(`alter table "well_being_answers" drop constraint "well_being_answers_touchpoint_id_foreign";`);

    this.addSql(`alter table "worker_progress" drop constraint "worker_progress_touchpoint_id_foreign";`);

    this.addSql(`alter table "experiment_variants" drop constraint "experiment_variants_experiment_id_foreign";`);

    this.addSql(`alter table "experiment_assignments" drop constraint "experiment_assignments_experiment_variant_id_foreign";`);

    this.addSql(`alter table "experiment_assignments" drop constraint "experiment_assignments_worker_id_foreign";`);

    this.addSql(`alter table "worker_assignments" drop constraint "worker_assignments_worker_id_foreign";`);

    this.addSql(`alter table "well_being_answers" drop constraint "well_being_answers_worker_id_foreign";`);

    this.addSql(`alter table "worker_badges" drop constraint "worker_badges_worker_id_foreign";`);

    this.addSql(`alter table "worker_segment" drop constraint "worker_segment_worker_id_foreign";`);

    this.addSql(`alter table "well_being_answers" drop constraint "well_being_answers_worker_assignment_id_foreign";`);

    this.addSql(`alter table "worker_progress" drop constraint "worker_progress_worker_assignment_id_foreign";`);

    this.addSql(`drop table if exists "organizations" cascade;`);

    this.addSql(`drop table if exists "content" cascade;`);

    this.addSql(`drop table if exists "badges" cascade;`);

    this.addSql(`drop table if exists "segments" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "programs" cascade;`);

    this.addSql(`drop table if exists "journey_blueprints" cascade;`);

    this.addSql(`drop table if exists "program_blueprints" cascade;`);

    this.addSql(`drop table if exists "phases" cascade;`);

    this.addSql(`drop table if exists "touchpoints" cascade;`);

    this.addSql(`drop table if exists "experiments" cascade;`);

    this.addSql(`drop table if exists "experiment_variants" cascade;`);

    this.addSql(`drop table if exists "workers" cascade;`);

    this.addSql(`drop table if exists "experiment_assignments" cascade;`);

    this.addSql(`drop table if exists "worker_assignments" cascade;`);

    this.addSql(`drop table if exists "well_being_answers" cascade;`);

    this.addSql(`drop table if exists "worker_badges" cascade;`);

    this.addSql(`drop table if exists "worker_progress" cascade;`);

    this.addSql(`drop table if exists "worker_segment" cascade;`);
  }

}
