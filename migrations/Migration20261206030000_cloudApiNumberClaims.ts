import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: a Cloud API phone number id belongs to one channel platform-wide, the one whose
 * claim a connection check confirmed (its token sees the number under its WABA):
 * - `number_confirmed_at`: when that check confirmed the channel's claim (cleared when the number,
 *   WABA or token changes). Channels that passed a check before are taken as confirmed.
 * - one confirmed active Cloud API channel per phone number id, and one active claim per number in
 *   an organization; an unconfirmed claim of another organization does not block a number, so
 *   nobody can squat a number they cannot prove (src/channels/README.md, "Who a number belongs to").
 * - other kinds keep one channel per (kind, address), as before.
 */
export class Migration20261206030000_cloudApiNumberClaims extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "channels" add column "number_confirmed_at" timestamptz null;`);
    this.addSql(`update "channels" set "number_confirmed_at" = "verified_at" where "kind" = 'cloud_api' and "status" = 'active' and "verify_ok" is true;`);
    this.addSql(`alter table "channels" drop constraint "channels_kind_address_unique";`);
    this.addSql(`create unique index "channels_kind_address_unique" on "channels" ("kind", "address") where "kind" <> 'cloud_api';`);
    this.addSql(`create unique index "channels_cloud_api_number_holder" on "channels" ("address") where "kind" = 'cloud_api' and "status" = 'active' and "number_confirmed_at" is not null;`);
    this.addSql(`create unique index "channels_cloud_api_organization_number" on "channels" ("organization_id", "address") where "kind" = 'cloud_api' and "status" = 'active';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "channels_cloud_api_organization_number";`);
    this.addSql(`drop index "channels_cloud_api_number_holder";`);
    this.addSql(`drop index "channels_kind_address_unique";`);
    this.addSql(`alter table "channels" add constraint "channels_kind_address_unique" unique ("kind", "address");`);
    this.addSql(`alter table "channels" drop column "number_confirmed_at";`);
  }
}
