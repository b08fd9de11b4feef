import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toArrayLiteral } from '../db/toArrayLiteral';

export interface MessageHistoryShape {
  channelId: string;
  workerId: string | null;
  /** First days of the months to fill, e.g. `['2026-01-01', '2026-02-01']` (UTC). */
  months: string[];
  /** Messages per month, spread over its first 28 days; every other one inbound with a provider id. */
  perMonth: number;
}

/**
 * Bulk-inserts a message history (one INSERT … SELECT) for the organization of `em`: inbound rows
 * carry a unique provider id, a body that looks like a spreadsheet formula and an empty one. Used by
 * the partitioning tests and `npm run bench:history`. Returns the rows inserted.
 */
export async function seedMessageHistory(em: EntityManager, shape: MessageHistoryShape): Promise<number> {
  const [row] = await scopedSql<{ inserted: number }>(
    em,
    `with added as (
       insert into messages (organization_id, channel_id, worker_id, direction, body, payload, status, provider_message_id, created_at)
       select :organization_id, :channel, :worker::uuid, case when i % 2 = 0 then 'inbound' else 'outbound' end,
              case i % 3 when 0 then '=SUM(A1), "quoted"' when 1 then '' else 'hello ' || i end, '{"seeded": true}',
              case when i % 2 = 0 then 'received' else 'delivered' end,
              case when i % 2 = 0 then 'seed-' || gen_random_uuid() end,
              month::timestamp at time zone 'UTC' + (i % 28) * interval '1 day' + (i % 86400) * interval '1 second' + interval '1 microsecond'
         from unnest(:months::date[]) as month, generate_series(1, :perMonth::int) i
       returning 1)
     select count(*)::int as inserted from added`,
    { channel: shape.channelId, worker: shape.workerId, months: toArrayLiteral(shape.months), perMonth: shape.perMonth },
  );
  return row.inserted;
}
