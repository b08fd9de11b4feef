import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16, as Migration20261207060000_16_indexesWithQueries for the other hot
 * tables (what every kept index serves is tabled in src/db/README.md). Dropped:
 *
 * - gamification_ledger_worker_time (organization_id, worker_id, occurred_at desc, id desc): every
 *   statement that reads a worker's entries (the console's ledger page, the standing, challenge
 *   progress) names the worker, and gamification_ledger_worker_recent (worker_id, occurred_at desc)
 *   serves it: its range on occurred_at bounds the page's (occurred_at, id) keyset, and a worker's
 *   entries of one instant are few to order by id. Deleting an organization or a worker reaches the
 *   ledger through the primary key (organization_id first) and worker_recent (worker_id first).
 */
export class Migration20261207070000_16_ledgerIndexesWithQueries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "gamification_ledger_worker_time";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "gamification_ledger_worker_time" on "gamification_ledger" ("organization_id", "worker_id", "occurred_at" desc, "id" desc);`);
  }
}
