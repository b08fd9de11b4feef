import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: programs that keep their dates (the scheduler looks for running programs whose
 * end date passed), unenrollment (a dropped assignment says why and when), and the coach inbox:
 * conversations that need a person, one open item per worker and cause, with who took it, labels,
 * a staff-only note, and when coaches were told.
 */
export class Migration20261206091121_programs_datesUnenrollInbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "idx_program_running_end" on "programs" ("end_date") where "status" in ('active', 'paused') and "end_date" is not null;`);
    this.addSql(`alter table "worker_assignments" add column "dropped_reason" varchar(500) null, add column "dropped_at" timestamptz null;`);
    this.addSql(`create table "coach_inbox_items" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "worker_id" uuid not null,
      "conversation_id" uuid null, "program_id" uuid null,
      "cause" varchar(30) not null, "reason" varchar(500) not null,
      "status" varchar(20) not null default 'open', "assigned_user_id" uuid null,
      "labels" text[] not null default '{}', "note" text null,
      "raised_at" timestamptz not null, "resolved_at" timestamptz null, "resolved_by" uuid null, "notified_at" timestamptz null,
      constraint "coach_inbox_items_pkey" primary key ("id"),
      constraint "coach_inbox_items_cause_check" check ("cause" in ('asked_for_person', 'unusable_text', 'low_well_being', 'flow_promise', 'message_failed')),
      constraint "coach_inbox_items_status_check" check ("status" in ('open', 'resolved')));`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_worker_id_foreign" foreign key ("worker_id") references "workers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_program_id_foreign" foreign key ("program_id") references "programs" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_assigned_user_id_foreign" foreign key ("assigned_user_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "coach_inbox_items" add constraint "coach_inbox_items_resolved_by_foreign" foreign key ("resolved_by") references "users" ("id") on update cascade on delete set null;`);
    // One open item per worker and cause: raising it again while open adds nothing.
    this.addSql(`create unique index "coach_inbox_items_open_once" on "coach_inbox_items" ("worker_id", "cause") where "status" = 'open';`);
    // The inbox page: an organization's items by status, newest first; and one worker's.
    this.addSql(`create index "coach_inbox_items_list" on "coach_inbox_items" ("organization_id", "status", "raised_at" desc, "id");`);
    this.addSql(`create index "coach_inbox_items_worker" on "coach_inbox_items" ("organization_id", "worker_id", "raised_at" desc);`);
    // The batch mailer's claim: items coaches were not told of yet.
    this.addSql(`create index "coach_inbox_items_untold" on "coach_inbox_items" ("raised_at") where "notified_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "coach_inbox_items";`);
    this.addSql(`alter table "worker_assignments" drop column if exists "dropped_reason", drop column if exists "dropped_at";`);
    this.addSql(`drop index if exists "idx_program_running_end";`);
  }
}
