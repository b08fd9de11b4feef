import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for secret rotation and channel health (src/channels/onboarding):
 * - `retired_secrets_ciphertext`: the signing secrets a rotation replaced (Twilio Auth Token, Meta
 *   app secret), sealed like `secrets_ciphertext` with context `<channelId>/retired`, each with
 *   when it was replaced: webhooks signed with one are accepted for SECRET_GRACE_SECONDS after;
 * - `health_status`, `health_reason`, `health_changed_at`: a channel whose sends fail repeatedly
 *   with credential or blocked-number errors is marked unhealthy, with the reason in words;
 *   `health_failures` counts those failures since the last successful send;
 * - `verified_at`, `verify_ok`: the last connection check (POST /v1/channels/:id/verify).
 */
export class Migration20261126201000_secretGrace extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "channels"
      add column "retired_secrets_ciphertext" text null,
      add column "health_status" varchar(20) not null default 'healthy',
      add column "health_reason" text null,
      add column "health_changed_at" timestamptz null,
      add column "health_failures" int not null default 0,
      add column "verified_at" timestamptz null,
      add column "verify_ok" boolean null,
      add constraint "channels_health_status_check" check (health_status in ('healthy', 'unhealthy'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "channels"
      drop constraint if exists "channels_health_status_check",
      drop column if exists "verify_ok",
      drop column if exists "verified_at",
      drop column if exists "health_failures",
      drop column if exists "health_changed_at",
      drop column if exists "health_reason",
      drop column if exists "health_status",
      drop column if exists "retired_secrets_ciphertext";`);
  }
}
