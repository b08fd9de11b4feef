import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for issue 16. PostgreSQL's foreign-key check of every row that names a worker
 * (`select 1 from only workers x where id = $1 and organization_id = $2 for key share of x`, 7.5
 * per inbound message in the bench) cannot be rewritten. Planned without statistics (CI and the
 * bench run without autovacuum; a backend keeps the plan of its first check), an index without
 * predicate that leads with organization_id costs no more than the unique (id, organization_id)
 * index (a tie goes to the index created last): the check walked workers_list_phone_index, every
 * worker of the organization, to find one (3 blocks a call in the bench's first round, 11 in its
 * third, 1,200 workers). The console lists' indexes now hold only the workers that every query
 * walking an organization's workers asks for (`not simulated`), so no lookup by id can use them.
 *
 * - workers_simulated_index (organization_id) where simulated: the platform's count of an
 *   organization's workers counts the simulator's apart (src/platform/manageOrganizations.ts).
 *
 * Deleting an organization (workers_organization_id_foreign, ON DELETE CASCADE) reads the workers
 * table once, as it already reads timers and worker_badges.
 */
const lists = [
  { name: 'workers_list_name_index', key: '("organization_id", (lower("full_name") collate "C"), "id")' },
  { name: 'workers_list_phone_index', key: '("organization_id", ("phone_number" collate "C"), "id")' },
];

export class Migration20261207080000_16_workerListsWithoutSimulated extends Migration {
  override async up(): Promise<void> {
    for (const list of lists) {
      this.addSql(`drop index "${list.name}";`);
      this.addSql(`create index "${list.name}" on "workers" ${list.key} where not simulated;`);
    }
    this.addSql(`create index "workers_simulated_index" on "workers" ("organization_id") where simulated;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "workers_simulated_index";`);
    for (const list of lists) {
      this.addSql(`drop index "${list.name}";`);
      this.addSql(`create index "${list.name}" on "workers" ${list.key};`);
    }
  }
}
