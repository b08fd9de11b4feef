import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16 (src/delivery/createOutboxNotifier.ts): the statement trigger that
 * NOTIFYs `outbox` on every insert of queued messages goes. In PostgreSQL 15 a transaction that
 * issued NOTIFY takes a global lock at commit, so the trigger serialized every commit that queued
 * a reply; the application now NOTIFYs after commit, at most once per throttle interval.
 */
export class Migration20261206060000_16c_outboxNotifyByApp extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop trigger if exists messages_notify_outbox on messages;`);
    this.addSql(`drop function if exists notify_outbox();`);
  }

  override async down(): Promise<void> {
    this.addSql(`create function notify_outbox() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from inserted where status = 'queued') then perform pg_notify('outbox', ''); end if;
        return null;
      end $$;`);
    this.addSql(`create trigger messages_notify_outbox after insert on messages referencing new table as inserted for each statement execute function notify_outbox();`);
  }
}
