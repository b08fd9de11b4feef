import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 23, partitioned history: `messages` becomes range-partitioned by month of `created_at`
 * (UTC), with a default partition for rows outside the months created (a test clock far in the past,
 * a month not created yet). Every row is copied with its id and seq; indexes, checks and foreign
 * keys are carried over as the catalogue has them. A partitioned table's unique keys must contain
 * the partition key, so the provider-id dedupe moves to the small unpartitioned
 * `inbound_provider_ids` (inbound ids only, keyed with the organization like every key the sharding
 * plan wants; a channel has one organization, so it is unique per channel; outbound ids keep a plain index
 * for status lookups). `ensure_messages_partition(month)` creates one month, moving its rows out of
 * the default partition; the engine's history job calls it for the months ahead.
 */
export class Migration20261206170000_partitionedHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "inbound_provider_ids" (
      "channel_id" uuid not null, "provider_message_id" varchar(128) not null, "organization_id" uuid not null, "received_at" timestamptz not null,
      constraint "inbound_provider_ids_pkey" primary key ("organization_id", "channel_id", "provider_message_id"),
      constraint "inbound_provider_ids_channel_same_organization" foreign key ("channel_id", "organization_id") references "channels" ("id", "organization_id") on delete cascade);`);
    this.addSql(`create index "inbound_provider_ids_received_index" on "inbound_provider_ids" ("received_at");`);
    this.addSql(`insert into "inbound_provider_ids" ("channel_id", "provider_message_id", "organization_id", "received_at")
      select "channel_id", "provider_message_id", "organization_id", "created_at" from "messages" where "direction" = 'inbound' and "provider_message_id" is not null;`);

    this.addSql(`alter table "messages" rename to "messages_unpartitioned";`);
    this.addSql(`create table "messages" (like "messages_unpartitioned" including defaults including constraints including identity) partition by range ("created_at");`);
    this.addSql(`create table "messages_pdefault" partition of "messages" default;`);
    this.addSql(ensurePartitionFunction);
    // The months that hold rows (at most ten years back), through three months ahead of today.
    this.addSql(`select ensure_messages_partition(month::date)
      from generate_series(
        (select date_trunc('month', greatest(least(coalesce(min("created_at"), now()), now()), now() - interval '10 years') at time zone 'UTC') from "messages_unpartitioned"),
        date_trunc('month', now() at time zone 'UTC') + interval '3 months', interval '1 month') as month;`);
    this.addSql(`insert into "messages" overriding system value select * from "messages_unpartitioned";`);
    this.addSql(`select setval(pg_get_serial_sequence('messages', 'seq'), max("seq")) from "messages" having max("seq") is not null;`);
    this.addSql(carryOverIndexesAndForeignKeys('messages_unpartitioned', ['messages_pkey', 'messages_channel_provider_id_unique']));
    this.addSql(`alter sequence "messages_seq_seq1" rename to "messages_seq_seq";`);
    this.addSql(`alter table "messages" add constraint "messages_pkey" primary key ("id", "created_at");`);
    this.addSql(`create index "messages_channel_provider_id_index" on "messages" ("channel_id", "provider_message_id") where "provider_message_id" is not null;`);
    // An organization's history by time: the retention job's export pages, and an organization's deletion.
    this.addSql(`drop index "messages_organization_id_index";`);
    this.addSql(`create index "messages_organization_time_index" on "messages" ("organization_id", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "messages" rename to "messages_partitioned";`);
    this.addSql(`create table "messages" (like "messages_partitioned" including defaults including constraints including identity);`);
    this.addSql(`insert into "messages" overriding system value select * from "messages_partitioned";`);
    this.addSql(`select setval(pg_get_serial_sequence('messages', 'seq'), max("seq")) from "messages" having max("seq") is not null;`);
    this.addSql(carryOverIndexesAndForeignKeys('messages_partitioned', ['messages_pkey', 'messages_channel_provider_id_index', 'messages_organization_time_index']));
    this.addSql(`create index "messages_organization_id_index" on "messages" ("organization_id");`);
    this.addSql(`alter sequence "messages_seq_seq1" rename to "messages_seq_seq";`);
    this.addSql(`alter table "messages" add constraint "messages_pkey" primary key ("id");`);
    this.addSql(`alter table "messages" add constraint "messages_channel_provider_id_unique" unique ("channel_id", "provider_message_id");`);
    this.addSql(`drop function if exists ensure_messages_partition(date);`);
    this.addSql(`drop table if exists "inbound_provider_ids";`);
  }
}

/**
 * Creates the partition of `messages` for the month starting at `month_start` (UTC) unless it
 * exists, moving that month's rows out of the default partition first (attaching a range the
 * default partition still holds rows of is refused). Returns whether it created one.
 */
const ensurePartitionFunction = `create or replace function ensure_messages_partition(month_start date) returns boolean language plpgsql as $fn$
declare
  partition_name text := format('messages_p%s', to_char(month_start, 'YYYY_MM'));
  lower_bound timestamptz := month_start::timestamp at time zone 'UTC';
  upper_bound timestamptz := (month_start + interval '1 month')::timestamp at time zone 'UTC';
begin
  if to_regclass(partition_name) is not null then
    return false;
  end if;
  -- Attaching locks the default partition: give up (and retry on the next run) rather than queue the hot path behind it.
  perform set_config('lock_timeout', '5s', true);
  execute format('create table %I (like messages including defaults including constraints)', partition_name);
  execute format('with moved as (delete from messages_pdefault where created_at >= $1 and created_at < $2 returning *) insert into %I select * from moved', partition_name)
    using lower_bound, upper_bound;
  execute format('alter table messages attach partition %I for values from (%L) to (%L)', partition_name, lower_bound, upper_bound);
  return true;
end
$fn$;`;

/**
 * Re-creates on \`messages\` the indexes and foreign keys that \`source\` has (all but \`skip\`, which
 * the caller redefines), then drops \`source\`: read from the catalogue, so that an index another
 * migration added is carried over too.
 */
function carryOverIndexesAndForeignKeys(source: string, skip: string[]): string {
  const skipped = skip.map((name) => `'${name}'`).join(', ');
  return `do $carry$
declare
  index_definitions text[];
  foreign_keys text[];
  statement text;
begin
  select coalesce(array_agg(pg_get_indexdef(i.indexrelid)), '{}') into index_definitions
    from pg_index i join pg_class c on c.oid = i.indexrelid
   where i.indrelid = '${source}'::regclass and c.relname not in (${skipped});
  select coalesce(array_agg(format('alter table messages add constraint %I %s', conname, pg_get_constraintdef(oid))), '{}') into foreign_keys
    from pg_constraint where conrelid = '${source}'::regclass and contype = 'f';
  drop table ${source};
  foreach statement in array index_definitions loop
    execute regexp_replace(statement, ' ON (ONLY )?\\S+ USING ', ' ON messages USING ');
  end loop;
  foreach statement in array foreign_keys loop
    execute statement;
  end loop;
end
$carry$;`;
}
