import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the Cloud API messaging limit (src/delivery/reservePortfolioRecipient.ts):
 * each portfolio's number of `portfolio_recipients` rows kept as a running count, so a reservation
 * no longer counts every recipient of the last 24 hours (a template broadcast was O(n²)). Rows
 * leave the window by deletion, which lowers the count.
 */
export class Migration20261206030000_outboxPortfolioCounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "portfolio_counts" ("waba_id" varchar(32) not null, "recipients" int not null, constraint "portfolio_counts_pkey" primary key ("waba_id"));`);
    this.addSql(`insert into "portfolio_counts" ("waba_id", "recipients") select "waba_id", count(*) from "portfolio_recipients" group by "waba_id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "portfolio_counts" cascade;`);
  }
}
