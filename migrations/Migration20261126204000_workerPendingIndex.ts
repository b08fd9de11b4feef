import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the dispatcher: whether a worker has an earlier message still queued or
 * being sent is read from this small index of unsent outbound rows, by worker. Without it the
 * planner scanned every queued row older than the candidate (100,000 behind a broadcast).
 */
export class Migration20261126204000_workerPendingIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "messages_worker_pending_index" on "messages" ("worker_id", "seq") where direction = 'outbound' and status in ('queued', 'sending');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_worker_pending_index";`);
  }
}
