import { Migration } from '@mikro-orm/migrations';

/**
 * A provider status finds its message by provider id. The index of provider ids led with
 * channel_id, as the channel's (channel, direction, time) index does: a generic plan made without
 * statistics while a partition was young could take the latter, whose leaf was still one page
 * when the longer provider ids had split theirs, and kept it, reading every message of the
 * channel in the partition for each status (tens of thousands of blocks a sweep in the bench). The
 * same index, provider id first: the status writers check channel and organization on the row,
 * and it is the only index that applies.
 */
export class Migration20261207011000_16_statusByProviderId extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_provider_id_channel_index" on "messages" ("provider_message_id", "channel_id") where "provider_message_id" is not null;`);
    this.addSql(`drop index "messages_channel_provider_id_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "messages_channel_provider_id_index" on "messages" ("channel_id", "provider_message_id") where "provider_message_id" is not null;`);
    this.addSql(`drop index "messages_provider_id_channel_index";`);
  }
}
