import { Migration } from '@mikro-orm/migrations';

/**
 * A pairing code asked for from any instance (the console, the API) and answered by the instance
 * holding the channel's socket: the number it is for, when it was asked, and the code or the
 * reason there is none, with when it was answered.
 */
export class Migration20261126193000_baileysPairingCode extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "baileys_sessions"
      add column "pairing_phone" varchar(20) null,
      add column "pairing_requested_at" timestamptz null,
      add column "pairing_code" varchar(20) null,
      add column "pairing_error" text null,
      add column "pairing_answered_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "baileys_sessions"
      drop column if exists "pairing_phone",
      drop column if exists "pairing_requested_at",
      drop column if exists "pairing_code",
      drop column if exists "pairing_error",
      drop column if exists "pairing_answered_at";`);
  }
}
