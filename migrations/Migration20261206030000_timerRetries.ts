import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the timer tick: a timer whose step fails is retried with back-off and set
 * aside after a bound (`attempts`, `last_error`, `set_aside_at`), and instances claim due timers
 * in batches with a lease (`claimed_until`) instead of all re-reading the same rows. The claim
 * index holds only timers that can still fire.
 */
export class Migration20261206030000_timerRetries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "timers" add column "attempts" int not null default 0, add column "last_error" text null,
      add column "set_aside_at" timestamptz null, add column "claimed_until" timestamptz null;`);
    this.addSql(`create index "timers_claim_index" on "timers" ("due_at") where set_aside_at is null;`);
    this.addSql(`create index "timers_set_aside_index" on "timers" ("organization_id", "set_aside_at") where set_aside_at is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "timers_set_aside_index";`);
    this.addSql(`drop index if exists "timers_claim_index";`);
    this.addSql(`alter table "timers" drop column "attempts", drop column "last_error", drop column "set_aside_at", drop column "claimed_until";`);
  }
}
