import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the Baileys channel (src/channels/baileys):
 * - baileys_auth: the linked device's credentials, one sealed JSON per channel (secretBox, context
 *   `<channelId>/baileys/creds`);
 * - baileys_keys: Signal keys (pre-keys, sessions, sender keys, app-state keys, LID mappings…), one
 *   sealed value per (channel, type, id), written as Baileys updates them;
 * - baileys_leases: which instance may hold the channel's socket, until when (heartbeat), with an
 *   epoch that grows on every takeover;
 * - baileys_sessions: the pairing state shown to operators (pairing, open, closed, logged_out), the
 *   last QR, a logout requested from any instance, and the daily send count.
 */
export class Migration20261126130000_baileys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "baileys_auth" ("channel_id" uuid not null, "organization_id" uuid not null, "creds_ciphertext" text not null, "updated_at" timestamptz not null default current_timestamp, constraint "baileys_auth_pkey" primary key ("channel_id"));`);
    this.addSql(`alter table "baileys_auth" add constraint "baileys_auth_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "baileys_auth" add constraint "baileys_auth_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "baileys_keys" ("channel_id" uuid not null, "organization_id" uuid not null, "type" varchar(40) not null, "key_id" varchar(512) not null, "value_ciphertext" text not null, "updated_at" timestamptz not null default current_timestamp, constraint "baileys_keys_pkey" primary key ("channel_id", "type", "key_id"));`);
    this.addSql(`alter table "baileys_keys" add constraint "baileys_keys_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "baileys_keys" add constraint "baileys_keys_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "baileys_leases" ("channel_id" uuid not null, "organization_id" uuid not null, "holder" varchar(100) not null, "epoch" bigint not null default 1, "expires_at" timestamptz not null, "renewed_at" timestamptz not null, constraint "baileys_leases_pkey" primary key ("channel_id"));`);
    this.addSql(`alter table "baileys_leases" add constraint "baileys_leases_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "baileys_leases" add constraint "baileys_leases_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);

    this.addSql(`create table "baileys_sessions" ("channel_id" uuid not null, "organization_id" uuid not null, "state" varchar(20) not null default 'closed', "qr" text null, "qr_at" timestamptz null, "me_jid" varchar(100) null, "last_error" text null, "logout_requested_at" timestamptz null, "sent_day" date null, "sent_count" int not null default 0, "updated_at" timestamptz not null default current_timestamp, constraint "baileys_sessions_pkey" primary key ("channel_id"), constraint baileys_sessions_state_check check (state in ('pairing', 'open', 'closed', 'logged_out')));`);
    this.addSql(`alter table "baileys_sessions" add constraint "baileys_sessions_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on delete cascade;`);
    this.addSql(`alter table "baileys_sessions" add constraint "baileys_sessions_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "baileys_sessions" cascade;`);
    this.addSql(`drop table if exists "baileys_leases" cascade;`);
    this.addSql(`drop table if exists "baileys_keys" cascade;`);
    this.addSql(`drop table if exists "baileys_auth" cascade;`);
  }
}
