import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the media fetcher: an inbound message is stored first and its media fetched
 * after, off the webhook. `media_status` is pending (to fetch at `media_due_at`), stored or failed
 * (`media_error` says why); `media_attempts` counts tries. The partial index holds only what waits.
 */
export class Migration20261206030000_inboundMediaFetch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "messages" add column "media_status" varchar(10) null, add column "media_attempts" smallint not null default 0, add column "media_due_at" timestamptz null, add column "media_error" text null;`);
    this.addSql(`alter table "messages" add constraint "messages_media_status_check" check (media_status in ('pending', 'stored', 'failed'));`);
    this.addSql(`create index "messages_media_due_index" on "messages" ("media_due_at") where media_status = 'pending';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_media_due_index";`);
    this.addSql(`alter table "messages" drop constraint if exists "messages_media_status_check", drop column "media_status", drop column "media_attempts", drop column "media_due_at", drop column "media_error";`);
  }
}
