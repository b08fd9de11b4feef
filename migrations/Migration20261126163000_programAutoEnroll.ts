import { Migration } from '@mikro-orm/migrations';

/** Written by hand for programs: a target segment can enroll the workers who join it later, while the program runs. */
export class Migration20261126163000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "program_segments" add column "auto_enroll" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "program_segments" drop column "auto_enroll";`);
  }
}
