import { Migration } from '@mikro-orm/migrations';

/** Written by hand: an organization's own wording of the engine's system texts, per key and language. */
export class Migration20261206041500_systemTextOverrides extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "system_text_overrides" (
      "id" uuid not null default gen_random_uuid(), "organization_id" uuid not null,
      "key" varchar(100) not null, "language" varchar(35) not null, "text" text not null,
      "created_at" timestamptz not null default current_timestamp, "updated_at" timestamptz not null default current_timestamp,
      constraint "system_text_overrides_pkey" primary key ("id"));`);
    this.addSql(`create index "system_text_overrides_organization_id_index" on "system_text_overrides" ("organization_id");`);
    this.addSql(`alter table "system_text_overrides" add constraint "system_text_overrides_organization_key_language_unique" unique ("organization_id", "key", "language");`);
    this.addSql(`alter table "system_text_overrides" add constraint "system_text_overrides_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "system_text_overrides";`);
  }
}
