import { Migration } from '@mikro-orm/migrations';

/**
 * The inbound step looks a worker's recent ledger entries up twice (the read's latest activity,
 * the write's points earned today). Every index of gamification_ledger led with organization_id,
 * so a generic plan made without statistics could take the organization's key index (the primary
 * key, the idempotency key) when it was a leaf smaller than the worker's, and kept it: every
 * entry of the organization read on every step (500 shared blocks a call and growing in the
 * bench). The same lookup by worker first: the step filters the organization on the row, and
 * this is then the only index that applies.
 */
export class Migration20261207010000_16_ledgerByWorker extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "gamification_ledger_worker_recent" on "gamification_ledger" ("worker_id", "occurred_at" desc);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "gamification_ledger_worker_recent";`);
  }
}
