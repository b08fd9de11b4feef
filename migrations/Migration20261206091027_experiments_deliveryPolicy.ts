import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand (issue 18): a program-level variant may set a delivery policy (send time, reminders,
 * gamification) instead of or besides a blueprint; a program-level exposure names the conversation
 * that plays the variant and counts from when its first message was sent (`exposed_at` stays null:
 * it is read from that message's statuses). No foreign key to `conversations`: that history is
 * pruned by retention, and a key would need an index here for every conversation deleted.
 */
export class Migration20261206091027_experiments_deliveryPolicy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "experiment_variants" add column "delivery_policy" jsonb null;`);
    this.addSql(`alter table "experiment_exposures" add column "conversation_id" uuid null, alter column "exposed_at" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "experiment_exposures" where "exposed_at" is null;`);
    this.addSql(`alter table "experiment_exposures" drop column "conversation_id", alter column "exposed_at" set not null;`);
    this.addSql(`alter table "experiment_variants" drop column "delivery_policy";`);
  }
}
