import { Migration } from '@mikro-orm/migrations';

/**
 * A new channel notifies `channel_changed` too, so webhooks may find the channels of a phone
 * number id in memory: a channel added for a number already routed must be heard.
 */
export class Migration20261206091525_hot_channelInsertNotify extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop trigger if exists channels_notify_changed on channels;`);
    this.addSql(`create trigger channels_notify_changed after insert or update or delete on channels for each row execute function notify_channel_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists channels_notify_changed on channels;`);
    this.addSql(`create trigger channels_notify_changed after update or delete on channels for each row execute function notify_channel_changed();`);
  }
}
