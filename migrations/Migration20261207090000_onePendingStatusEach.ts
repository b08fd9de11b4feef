import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: a provider status delivered twice (a retried webhook) for a message whose send
 * is not recorded yet was kept twice. pending_statuses_lookup_index (channel_id,
 * provider_message_id) becomes unique with the status (and the organization, which a channel
 * implies: a sharded table's unique keys hold its distribution column), so the writer's insert
 * (src/delivery/writeStatusUpdates.ts) skips a status already kept (`on conflict ... do nothing`);
 * the lookups by channel and provider id use it as they used the old one. The copies already kept
 * are deleted first (the first received stays); the lock keeps writers from keeping new ones
 * between that delete and the index.
 */
export class Migration20261207090000_onePendingStatusEach extends Migration {
  override async up(): Promise<void> {
    this.addSql(`lock table "pending_statuses" in share mode;`);
    this.addSql(`delete from "pending_statuses" p using "pending_statuses" q
      where q.channel_id = p.channel_id and q.provider_message_id = p.provider_message_id and q.status = p.status
        and (q.received_at, q.id) < (p.received_at, p.id);`);
    this.addSql(`drop index "pending_statuses_lookup_index";`);
    this.addSql(`create unique index "pending_statuses_lookup_index" on "pending_statuses" ("channel_id", "provider_message_id", "status", "organization_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "pending_statuses_lookup_index";`);
    this.addSql(`create index "pending_statuses_lookup_index" on "pending_statuses" ("channel_id", "provider_message_id");`);
  }
}
