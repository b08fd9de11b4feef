import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: `messages` keeps one month partition ahead, not three. Every
 * probe of `messages` by a key other than created_at (a status by provider id, the outbox claim's
 * checks) reads each partition's index, and a generic plan is planned over every partition: the
 * empty months ahead cost blocks and planning on every call. The history job (daily) creates the
 * next month's partition on its first run of the month, so a month of failed runs passes before a
 * row could miss it, and such a row lands in the default partition, which the job empties into the
 * month's partition when it creates it. Up drops the months past next month that hold no row; down
 * creates them again.
 */
export class Migration20261206230000_16_oneMonthAhead extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $drop$
declare
  month_start date;
  partition_name text;
  held boolean;
begin
  for month_start in select generate_series(date_trunc('month', now() at time zone 'UTC') + interval '2 months',
                                            date_trunc('month', now() at time zone 'UTC') + interval '3 months', interval '1 month')::date loop
    partition_name := format('messages_p%s', to_char(month_start, 'YYYY_MM'));
    if to_regclass(partition_name) is not null then
      execute format('select exists (select 1 from %I)', partition_name) into strict held;
      if not held then
        execute format('drop table %I', partition_name);
      end if;
    end if;
  end loop;
end
$drop$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`select ensure_messages_partition(month::date)
      from generate_series(date_trunc('month', now() at time zone 'UTC') + interval '2 months',
                           date_trunc('month', now() at time zone 'UTC') + interval '3 months', interval '1 month') as month;`);
  }
}
