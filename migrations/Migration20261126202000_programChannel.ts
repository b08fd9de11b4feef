import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for "which channel a worker uses":
 * - programs.channel_id: the channel a program's messages go out on (null: the organization's
 *   default). A composite key keeps it in the program's organization; when a channel row is
 *   removed (only with its organization: channels are deleted softly) the column is cleared
 *   (`set null (channel_id)`, PostgreSQL 15), never the program's organization_id;
 * - the last inbound message of a conversation (the channel a worker's message continues the
 *   conversation on) and the programs naming a channel (deleting it is refused) by index.
 */
export class Migration20261126202000_programChannel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "programs" add column "channel_id" uuid null;`);
    this.addSql(`alter table "programs" add constraint "programs_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete set null;`);
    this.addSql(
      `alter table "programs" add constraint "programs_channel_id_same_organization" foreign key ("channel_id", "organization_id") ` +
        `references "channels" ("id", "organization_id") on delete set null ("channel_id");`,
    );
    this.addSql(`create index "programs_channel_id_index" on "programs" ("channel_id") where channel_id is not null;`);
    this.addSql(`create index "messages_conversation_inbound_index" on "messages" ("conversation_id", "seq") include ("channel_id") where direction = 'inbound';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_conversation_inbound_index";`);
    this.addSql(`alter table "programs" drop column "channel_id";`);
  }
}
