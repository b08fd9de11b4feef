import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for `npm start` (src/demo/keepDemoCredentials.ts): the demo's admin token, API
 * key and password link, sealed with ENCRYPTION_KEY, so a restart on the same data prints the same
 * ones instead of new ones.
 */
export class Migration20261206041500_demoCredentials extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "demo_credentials" ("organization_id" uuid not null references "organizations" ("id") on delete cascade, "sealed" text not null, "updated_at" timestamptz not null default current_timestamp, constraint "demo_credentials_pkey" primary key ("organization_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "demo_credentials" cascade;`);
  }
}
