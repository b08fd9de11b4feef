import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: hints recorded before short secrets got none showed a secret of 4 characters
 * or fewer whole, and a third or more of one under 12. The secret's length was never recorded (the
 * secrets are sealed as one JSON object), so SQL cannot tell which hints came from short secrets:
 * every hint recorded so far is blanked, and a secret's hint comes back the next time it is set.
 */
export class Migration20261206041500_channelSecretHintsBlanked extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "channel_secret_hints" set "last_four" = '' where "last_four" <> '';`);
  }

  override async down(): Promise<void> {
    // The blanked characters are gone; nothing to restore.
  }
}
