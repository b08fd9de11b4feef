import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for filtered analytics (issue 21): a program's facts summed per split (everyone,
 * a segment, a worker attribute's value), reached day (UTC), touchpoint and channel kind, with the
 * times to answer, last activities and chosen options as counts per bucket (`distributions`), and
 * the enrolled and completed workers per split. Rebuilt with the facts; a filtered view sums a few
 * rows instead of aggregating every fact of the workers it keeps.
 */
export class Migration20261206093700_gamiresults_analyticsRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "analytics_touchpoint_rollups" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "program_id" uuid not null references "programs" ("id") on delete cascade,
      "split" varchar(20) not null, "split_key" text not null, "split_value" text not null, "day" date null,
      "blueprint_key" varchar(100) not null, "touchpoint_key" varchar(100) not null, "channel_kind" varchar(20) null,
      "position" int not null, "touchpoint_type" varchar(50) not null,
      "reached" int not null, "completed" int not null, "answered" int not null, "first_try_correct" int not null, "ever_correct" int not null,
      "missed" int not null, "attempts_sum" int not null, "attempts_count" int not null, "attempts_max" int null, "stopped_here" int not null,
      "sent" int not null, "delivered" int not null, "read" int not null, "failed" int not null, "queued" int not null,
      "held_quiet_hours" int not null, "held_window_closed" int not null, "held_other" int not null,
      "distributions" jsonb not null default '{}');`);
    this.addSql(`create index "analytics_rollups_split_index" on "analytics_touchpoint_rollups" ("organization_id", "program_id", "split", "split_key", "split_value", "day");`);
    this.addSql(`create table "analytics_cohort_rollups" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "program_id" uuid not null references "programs" ("id") on delete cascade,
      "split" varchar(20) not null, "split_key" text not null, "split_value" text not null,
      "enrolled" int not null, "completed" int not null, "dropped" int not null,
      primary key ("program_id", "split", "split_key", "split_value"));`);
    // The attributes rolled up at the last rebuild (those with few values in the program); others are filtered live.
    this.addSql(`alter table "analytics_refreshes" add column "rolled_up_attributes" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "analytics_refreshes" drop column "rolled_up_attributes";`);
    this.addSql(`drop table if exists "analytics_cohort_rollups";`);
    this.addSql(`drop table if exists "analytics_touchpoint_rollups";`);
  }
}
