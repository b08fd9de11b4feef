import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for journey analytics (issue 21): one row per enrolment and touchpoint (by
 * journey and touchpoint key, across blueprint versions), rebuilt per program by
 * `refreshTouchpointFacts`, so a program's figures aggregate one narrow table instead of joining
 * progress, messages, conversations and blueprints on every view.
 */
export class Migration20261206070000_21a_analyticsFacts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "analytics_touchpoint_facts" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "program_id" uuid not null references "programs" ("id") on delete cascade,
      "worker_assignment_id" uuid not null references "worker_assignments" ("id") on delete cascade,
      "worker_id" uuid not null,
      "assignment_status" varchar(20) not null,
      "blueprint_key" varchar(100) not null,
      "touchpoint_key" varchar(100) not null,
      "touchpoint_type" varchar(50) not null,
      "position" int not null,
      "reached_at" timestamptz null,
      "attempts" int not null default 0,
      "completed_at" timestamptz null,
      "answered_at" timestamptz null,
      "first_option" varchar(100) null,
      "last_option" varchar(100) null,
      "first_try_correct" boolean null,
      "ever_correct" boolean null,
      "last_activity_at" timestamptz null,
      "is_last" boolean not null default false,
      "channel_kind" varchar(20) null,
      "sent" int not null default 0,
      "delivered" int not null default 0,
      "read" int not null default 0,
      "failed" int not null default 0,
      "queued" int not null default 0,
      "held_quiet_hours" int not null default 0,
      "held_window_closed" int not null default 0,
      "held_other" int not null default 0,
      primary key ("worker_assignment_id", "blueprint_key", "touchpoint_key")
    );`);
    this.addSql(`create index "analytics_facts_program_index" on "analytics_touchpoint_facts" ("organization_id", "program_id", "position");`);
    this.addSql(`create index "analytics_facts_worker_index" on "analytics_touchpoint_facts" ("worker_id");`);
    this.addSql(`create table "analytics_refreshes" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "program_id" uuid not null primary key references "programs" ("id") on delete cascade,
      "refreshed_at" timestamptz not null,
      "took_ms" int not null,
      "totals" jsonb null
    );`);
    // The refresh reads a program's messages (sends, and replies by time) through its conversations.
    this.addSql(`create index "messages_conversation_index" on "messages" ("conversation_id", "created_at") where conversation_id is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_conversation_index";`);
    this.addSql(`drop table if exists "analytics_refreshes";`);
    this.addSql(`drop table if exists "analytics_touchpoint_facts";`);
  }
}
