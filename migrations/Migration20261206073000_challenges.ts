import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: time-boxed team challenges. Who takes part (program, segment, attribute), how
 * teams form (`team_attribute`, e.g. site), what counts (`event_kind`, or points when null), the
 * goal, the window, the moments of progress messages and how many were sent, and when it ended.
 */
export class Migration20261206073000_challenges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "gamification_challenges" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "name" varchar(200) not null,
      "program_id" uuid null, "segment_id" uuid null, "attribute" jsonb null, "team_attribute" varchar(50) null,
      "event_kind" varchar(40) null, "goal" int not null check ("goal" > 0),
      "starts_at" timestamptz not null, "ends_at" timestamptz not null, "progress_at" timestamptz[] not null default '{}',
      "progress_sent" int not null default 0, "finished_at" timestamptz null, "created_at" timestamptz not null default current_timestamp,
      constraint "gamification_challenges_pkey" primary key ("organization_id", "id"),
      constraint "gamification_challenges_window" check ("ends_at" > "starts_at"));`);
    this.addSql(`alter table "gamification_challenges" add constraint "gamification_challenges_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    // The scheduler's job looks for running challenges across organizations.
    this.addSql(`create index "gamification_challenges_running" on "gamification_challenges" ("ends_at") where "finished_at" is null;`);
    this.addSql(`create index "gamification_challenges_list" on "gamification_challenges" ("organization_id", "starts_at" desc, "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "gamification_challenges";`);
  }
}
