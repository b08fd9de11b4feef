import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the dispatcher: it reads each ready channel's queued rows in (priority, seq)
 * order, so a rate-limited channel with many queued rows is never scanned. The index also answers
 * a channel's queue depth, which the narrower messages_channel_queue_index did.
 */
export class Migration20261126203000_channelOutboxIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_channel_outbox_index" on "messages" ("channel_id", "priority", "seq") where status = 'queued';`);
    this.addSql(`drop index if exists "messages_channel_queue_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "messages_channel_queue_index" on "messages" ("channel_id") where status = 'queued';`);
    this.addSql(`drop index if exists "messages_channel_outbox_index";`);
  }
}
