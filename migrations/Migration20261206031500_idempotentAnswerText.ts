import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: an idempotent answer is kept as the JSON text that was sent (jsonb reordered
 * its keys, so a replay differed from the first answer byte for byte).
 */
export class Migration20261206031500_idempotentAnswerText extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "idempotency_keys" alter column "response_body" type text using "response_body"::text;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "idempotency_keys" alter column "response_body" type jsonb using "response_body"::jsonb;`);
  }
}
