import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: how many listed workers hold each points value on a program's board (all time,
 * `week_start` null, or one local week), so a board's total and a worker's rank are a sum over a
 * few hundred rows instead of a count over every worker. Steps only INSERT `+1`/`-1` moves (no row
 * is shared between two steps, so no lock is waited on); the once-per-cluster job folds them into
 * the counts. Challenges can be cancelled (`cancelled_at`; the job then leaves them alone).
 */
export class Migration20261206150000_game3_boardCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "gamification_board_moves" (
      "organization_id" uuid not null, "program_id" uuid not null, "week_start" date null, "points" int not null, "workers" int not null);`);
    this.addSql(`create index "gamification_board_moves_board" on "gamification_board_moves" ("organization_id", "program_id", "week_start", "points");`);
    this.addSql(`create table "gamification_board_counts" (
      "organization_id" uuid not null, "program_id" uuid not null, "week_start" date null, "points" int not null, "workers" int not null,
      constraint "gamification_board_counts_unique" unique nulls not distinct ("organization_id", "program_id", "week_start", "points"));`);
    // The boards kept before this migration: their counts from the balances as they stand.
    this.addSql(`insert into "gamification_board_counts" ("organization_id", "program_id", "week_start", "points", "workers")
      select "organization_id", "program_id", null, "points", count(*) from "gamification_balances"
       where "listed" and "points" > 0 and "program_id" is not null group by 1, 2, 4
      union all
      select "organization_id", "program_id", "week_start", "points", count(*) from "gamification_weekly_points"
       where "listed" and "points" > 0 and "program_id" is not null group by 1, 2, 3, 4;`);
    this.addSql(`alter table "gamification_challenges" add column "cancelled_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "gamification_challenges" drop column "cancelled_at";`);
    this.addSql(`drop table if exists "gamification_board_counts";`);
    this.addSql(`drop table if exists "gamification_board_moves";`);
  }
}
