import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: how many listed workers of a program board hold each points value (all time:
 * `week_start` null; else that week), kept by triggers on the balance tables in the writer's own
 * statement, so a board's size and a worker's rank read a few hundred rows instead of counting
 * every worker of the program. Rows are spread over 16 shards by worker, so concurrent steps of
 * workers who hold the same points rarely wait on one counter row.
 */
export class Migration20261206091100_gamiresults_boardCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "gamification_board_counts" (
      "organization_id" uuid not null, "program_id" uuid not null, "week_start" date null, "points" int not null, "shard" smallint not null,
      "workers" int not null,
      constraint "gamification_board_counts_unique" unique nulls not distinct ("organization_id", "program_id", "week_start", "points", "shard"));`);
    this.addSql(`alter table "gamification_board_counts" add constraint "gamification_board_counts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    // One function for both tables: the balance rows have no week (all time), the weekly rows one.
    this.addSql(`create function gamification_count_board_row() returns trigger language plpgsql as $$
      declare
        old_counted boolean := tg_op <> 'INSERT' and old.program_id is not null and old.listed and old.points > 0;
        new_counted boolean := tg_op <> 'DELETE' and new.program_id is not null and new.listed and new.points > 0;
        row_of jsonb := to_jsonb(coalesce(new, old));
        week date := (row_of ->> 'week_start')::date;
        worker_shard smallint := abs(hashtext(row_of ->> 'worker_id')) % 16;
      begin
        if tg_op = 'UPDATE' and old_counted = new_counted and (not new_counted or old.points = new.points) then
          return null;
        end if;
        -- Lower points first, whichever way the row moved: two writers never lock two counters in opposite orders.
        if old_counted and (not new_counted or old.points < new.points) then
          update gamification_board_counts c set workers = c.workers - 1
           where c.organization_id = old.organization_id and c.program_id = old.program_id and c.points = old.points and c.shard = worker_shard
             and (c.week_start = week or (week is null and c.week_start is null));
          old_counted := false;
        end if;
        if new_counted then
          insert into gamification_board_counts (organization_id, program_id, week_start, points, shard, workers)
          values (new.organization_id, new.program_id, week, new.points, worker_shard, 1)
          on conflict on constraint gamification_board_counts_unique do update set workers = gamification_board_counts.workers + 1;
        end if;
        if old_counted then
          update gamification_board_counts c set workers = c.workers - 1
           where c.organization_id = old.organization_id and c.program_id = old.program_id and c.points = old.points and c.shard = worker_shard
             and (c.week_start = week or (week is null and c.week_start is null));
        end if;
        return null;
      end $$;`);
    for (const table of ['gamification_balances', 'gamification_weekly_points']) {
      this.addSql(`create trigger "${table}_board_counts" after insert or update of points, listed or delete on "${table}"
        for each row execute function gamification_count_board_row();`);
    }
    this.addSql(`insert into gamification_board_counts (organization_id, program_id, week_start, points, shard, workers)
      select organization_id, program_id, week_start, points, abs(hashtext(worker_id::text)) % 16, count(*)::int from (
        select organization_id, program_id, null::date as week_start, points, worker_id from gamification_balances where listed and points > 0 and program_id is not null
        union all
        select organization_id, program_id, week_start, points, worker_id from gamification_weekly_points where listed and points > 0 and program_id is not null) b
      group by 1, 2, 3, 4, 5;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "gamification_balances_board_counts" on "gamification_balances";`);
    this.addSql(`drop trigger if exists "gamification_weekly_points_board_counts" on "gamification_weekly_points";`);
    this.addSql(`drop function if exists gamification_count_board_row();`);
    this.addSql(`drop table if exists "gamification_board_counts";`);
  }
}
