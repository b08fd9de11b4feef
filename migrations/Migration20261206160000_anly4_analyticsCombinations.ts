import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for filtered analytics (issue 21): the segment and attribute pairs a program's
 * figures were asked under together. The first such view rolls up every value of the attribute
 * among the segment's workers (split `combination`); the rebuild keeps the pairs asked within 30
 * days rolled up, so the next views read a few rows instead of aggregating the facts live.
 */
export class Migration20261206160000_anly4_analyticsCombinations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "analytics_rollup_combinations" (
      "organization_id" uuid not null references "organizations" ("id") on delete cascade,
      "program_id" uuid not null references "programs" ("id") on delete cascade,
      "segment_id" uuid not null references "segments" ("id") on delete cascade,
      "attribute" text not null,
      "asked_at" timestamptz not null,
      primary key ("program_id", "segment_id", "attribute"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "analytics_rollup_combinations";`);
  }
}
