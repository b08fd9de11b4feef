import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for channel onboarding (src/channels/onboarding): what the API may show of each
 * write-only secret (its last four characters and when it was set), and the indexes behind a
 * channel's health (last inbound and outbound, counts over the last hour and day, last error).
 */
export class Migration20261126170000_channelOnboarding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "channel_secret_hints" ("channel_id" uuid not null, "organization_id" uuid not null, "name" varchar(40) not null, "last_four" varchar(4) not null, "set_at" timestamptz not null, constraint "channel_secret_hints_pkey" primary key ("channel_id", "name"));`);
    this.addSql(`alter table "channel_secret_hints" add constraint "channel_secret_hints_channel_same_organization" foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade;`);
    this.addSql(`create index "messages_channel_health_index" on "messages" ("channel_id", "direction", "created_at");`);
    this.addSql(`create index "messages_channel_failures_index" on "messages" ("channel_id", "failed_at") where failed_at is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_channel_failures_index";`);
    this.addSql(`drop index if exists "messages_channel_health_index";`);
    this.addSql(`drop table if exists "channel_secret_hints";`);
  }
}
