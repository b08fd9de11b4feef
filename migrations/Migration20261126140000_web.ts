import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the coach console (src/web):
 * - web_sessions: staff sign-in sessions; the cookie carries a signed random id, the row keeps
 *   only its sha256, the user, the organization, the form (CSRF) token and the expiry;
 * - indexes for the worker list: keyset pages on (organization, full_name, id), and prefix
 *   search on the lower-cased name and on the phone number.
 */
export class Migration20261126140000_web extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "web_sessions" ("id_hash" char(64) not null, "organization_id" uuid not null references "organizations" ("id") on delete cascade, "user_id" uuid not null references "users" ("id") on delete cascade, "csrf_token" varchar(64) not null, "created_at" timestamptz not null default current_timestamp, "expires_at" timestamptz not null, constraint "web_sessions_pkey" primary key ("id_hash"));`);
    this.addSql(`create index "web_sessions_user_index" on "web_sessions" ("user_id");`);
    this.addSql(`create index "web_sessions_expires_index" on "web_sessions" ("expires_at");`);
    this.addSql(`create index "workers_organization_name_id_index" on "workers" ("organization_id", "full_name", "id");`);
    this.addSql(`create index "workers_organization_lower_name_index" on "workers" ("organization_id", lower("full_name") text_pattern_ops);`);
    this.addSql(`create index "workers_organization_phone_prefix_index" on "workers" ("organization_id", "phone_number" text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "workers_organization_phone_prefix_index";`);
    this.addSql(`drop index if exists "workers_organization_lower_name_index";`);
    this.addSql(`drop index if exists "workers_organization_name_id_index";`);
    this.addSql(`drop table if exists "web_sessions" cascade;`);
  }
}
