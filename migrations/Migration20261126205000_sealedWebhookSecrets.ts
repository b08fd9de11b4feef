import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the Standard Webhooks secret of signed broadcast requests is sealed with the
 * secret box like channel secrets (`secret_ciphertext`). A migration has no key, so a secret kept
 * in the clear is sealed by the engine when it starts (`sealPlainWebhookSecrets`).
 */
export class Migration20261126205000_sealedWebhookSecrets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "webhook_secrets" add column "secret_ciphertext" text null, alter column "secret" drop not null;`);
    this.addSql(`alter table "webhook_secrets" add constraint "webhook_secrets_one_form" check ((secret is null) <> (secret_ciphertext is null));`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "webhook_secrets" where "secret" is null;`);
    this.addSql(`alter table "webhook_secrets" drop constraint "webhook_secrets_one_form", drop column "secret_ciphertext", alter column "secret" set not null;`);
  }
}
