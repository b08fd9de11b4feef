import { Migration } from '@mikro-orm/migrations';

/**
 * A worker's latest inbound message (their channel, their 24-hour window) is read on every
 * reply, timer, dispatch decision and broadcast recipient: one small index answers it.
 */
export class Migration20261126180000_inboundByWorker extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_worker_inbound_index" on "messages" ("worker_id", "seq") include ("channel_id", "created_at") where direction = 'inbound';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_worker_inbound_index";`);
  }
}
