import { Migration } from '@mikro-orm/migrations';

/** Handoff to a person: a worker can ask for a coach, and a coach can pause the bot for them. */
export class Migration20261126110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "workers" add column "handoff_requested_at" timestamptz null, add column "bot_paused" boolean not null default false;`);
    // The console lists workers waiting for a person first.
    this.addSql(`create index "workers_handoff_index" on "workers" ("organization_id", "handoff_requested_at") where handoff_requested_at is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "workers_handoff_index";`);
    this.addSql(`alter table "workers" drop column "handoff_requested_at", drop column "bot_paused";`);
  }
}
