import { Migration } from '@mikro-orm/migrations';

/** Written by hand for channel health: a channel's queue depth counts its queued messages by index. */
export class Migration20261126171000_channelQueueIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_channel_queue_index" on "messages" ("channel_id") where status = 'queued';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_channel_queue_index";`);
  }
}
