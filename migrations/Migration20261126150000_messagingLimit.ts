import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the Cloud API messaging limit (src/delivery/reservePortfolioRecipient.ts):
 * the users each WhatsApp Business Account (portfolio) messaged outside their customer-service
 * window, with when, so every number of the portfolio shares one moving 24-hour count.
 */
export class Migration20261126150000_messagingLimit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "portfolio_recipients" ("waba_id" varchar(32) not null, "recipient" varchar(32) not null, "opened_at" timestamptz not null, constraint "portfolio_recipients_pkey" primary key ("waba_id", "recipient"));`);
    this.addSql(`create index "portfolio_recipients_opened_index" on "portfolio_recipients" ("waba_id", "opened_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "portfolio_recipients" cascade;`);
  }
}
