import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the template registry (src/templates): each channel's approved WhatsApp
 * templates, synced from the Cloud API or entered by hand (Twilio Content SIDs). A composite key
 * keeps every template in its channel's organization.
 */
export class Migration20261126200000_channelTemplates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "channel_templates" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null, "channel_id" uuid not null,
      "name" varchar(512) not null, "language" varchar(20) not null, "category" varchar(40) null, "status" varchar(40) not null,
      "body" text null, "variables" jsonb not null default '[]', "content_sid" varchar(34) null, "provider_template_id" varchar(64) null,
      "source" varchar(10) not null, "removed_at" timestamptz null,
      "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp,
      constraint "channel_templates_pkey" primary key ("id"),
      constraint "channel_templates_source_check" check (source in ('sync', 'manual')));`);
    this.addSql(`create index "channel_templates_organization_id_index" on "channel_templates" ("organization_id");`);
    this.addSql(`alter table "channel_templates" add constraint "channel_templates_channel_name_language_unique" unique ("channel_id", "name", "language");`);
    this.addSql(`alter table "channel_templates" add constraint "channel_templates_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_templates" add constraint "channel_templates_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_templates" add constraint "channel_templates_channel_same_organization" foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "channel_templates";`);
  }
}
