import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16: `outbox_queued_since(fallback)`, the start of the oldest month
 * partition of `messages` before `fallback` that holds a queued or sending row, else `fallback`,
 * or the oldest `created_at` of such a row in the default partition (a month without its own
 * partition) when that is earlier.
 * The dispatcher binds it as the outbox claim's lower bound on `created_at` (`outboxFloors.ts`), so
 * the claim's generic plan starts only the partitions from that month on, however many months are
 * kept; a full scan asks again. Each month costs two probes of its partial indexes of queued and of
 * sending rows; the months from `fallback` on (the latest, where a surge leaves its dead index
 * entries until a vacuum) are not probed.
 */
export class Migration20261207110000_16_outboxQueuedSince extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function outbox_queued_since(fallback timestamptz) returns timestamptz
language plpgsql stable as $fn$
declare
  partition_name text;
  month_start timestamptz;
  held boolean;
  since timestamptz := fallback;
begin
  select least(fallback, min(created_at)) into since from messages_pdefault where status in ('queued', 'sending');
  for partition_name in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'messages'::regclass and c.relname ~ '^messages_p[0-9]{4}_[0-9]{2}$'
     order by c.relname
  loop
    month_start := to_date(substr(partition_name, 11), 'YYYY_MM')::timestamp at time zone 'UTC';
    exit when month_start >= since;
    execute format('select exists (select 1 from %I where status = ''queued'') or exists (select 1 from %I where status = ''sending'')', partition_name, partition_name)
      into strict held;
    if held then
      return month_start;
    end if;
  end loop;
  return since;
end
$fn$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists outbox_queued_since(timestamptz);');
  }
}
