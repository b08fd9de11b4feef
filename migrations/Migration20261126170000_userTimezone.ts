import { Migration } from '@mikro-orm/migrations';

/** Staff see times in their own timezone; without one, the organization's. */
export class Migration20261126170000_userTimezone extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "timezone" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "timezone";`);
  }
}
