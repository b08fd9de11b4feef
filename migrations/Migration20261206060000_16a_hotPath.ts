import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the inbound hot path (issue 16): the worker's quiz answers are counted on the
 * worker row, so `performance_metric` is kept in the step's batched write without re-reading every
 * answer; a channel change notifies every instance, which drops the channel from its cache.
 */
export class Migration20261206060000_16a_hotPath extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "workers" add column "quiz_answers" integer not null default 0, add column "quiz_answers_correct" integer not null default 0;`);
    this.addSql(`update "workers" w set "quiz_answers" = s.answers, "quiz_answers_correct" = s.correct
      from (select wa.worker_id, count(*)::int as answers, count(*) filter (where wp.correct)::int as correct
              from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id
             where wp.correct is not null group by wa.worker_id) s
     where s.worker_id = w.id;`);
    this.addSql(`create function notify_channel_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('channel_changed', coalesce(new.id, old.id)::text);
        return null;
      end $$;`);
    this.addSql(`create trigger channels_notify_changed after update or delete on channels for each row execute function notify_channel_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists channels_notify_changed on channels;`);
    this.addSql(`drop function if exists notify_channel_changed();`);
    this.addSql(`alter table "workers" drop column "quiz_answers", drop column "quiz_answers_correct";`);
  }
}
