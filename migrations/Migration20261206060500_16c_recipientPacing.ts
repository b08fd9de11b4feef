import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16 (src/delivery/paceRecipients.ts): the Cloud API pair rate as a
 * token bucket per (channel, recipient), shared by every instance: when the bucket is full again
 * (each message moves it one interval later; a burst borrows from later), and the 4^X-second
 * back-off after a 131056 refusal. Replaces the fixed gap read from the last claim.
 */
export class Migration20261206060500_16c_recipientPacing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "recipient_pacing" ("channel_id" uuid not null, "recipient" varchar(64) not null, "organization_id" uuid not null,
      "full_at" timestamptz not null, "backoff_exponent" int not null default 0, "blocked_until" timestamptz null,
      constraint "recipient_pacing_pkey" primary key ("channel_id", "recipient"));`);
    this.addSql(`alter table "recipient_pacing" add constraint "recipient_pacing_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`create index "recipient_pacing_full_index" on "recipient_pacing" ("full_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "recipient_pacing" cascade;`);
  }
}
