import { Migration } from '@mikro-orm/migrations';

/** Written by hand for broadcasts: workers who had left, and recipients outside the 24-hour window, counted at creation. */
export class Migration20261126141500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "broadcasts" add column "skipped_left" int not null default 0, add column "outside_window" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "broadcasts" drop column "skipped_left", drop column "outside_window";`);
  }
}
