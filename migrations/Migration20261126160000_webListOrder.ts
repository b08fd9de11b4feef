import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand for the coach console's worker list (src/web/workers/findWorkers.ts): the list
 * is ordered by the lower-cased name in byte order ("C"), so one index serves both the name
 * prefix search (a range) and the order (no sort, whatever the match count); a phone search is
 * ordered by the number. Partial indexes keep the two filters coaches use most (low well-being,
 * asked for a person) instant on a million workers. Replaces the first web migration's indexes.
 */
export class Migration20261126160000_webListOrder extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "workers_list_name_index" on "workers" ("organization_id", (lower("full_name") collate "C"), "id");`);
    this.addSql(`create index "workers_list_phone_index" on "workers" ("organization_id", ("phone_number" collate "C"), "id");`);
    this.addSql(`create index "workers_list_low_well_being_index" on "workers" ("organization_id", (lower("full_name") collate "C"), "id") where well_being_score <= 2;`);
    this.addSql(`create index "workers_list_handoff_index" on "workers" ("organization_id", (lower("full_name") collate "C"), "id") where handoff_requested_at is not null;`);
    this.addSql(`drop index if exists "workers_organization_name_id_index";`);
    this.addSql(`drop index if exists "workers_organization_lower_name_index";`);
    this.addSql(`drop index if exists "workers_organization_phone_prefix_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "workers_organization_name_id_index" on "workers" ("organization_id", "full_name", "id");`);
    this.addSql(`create index "workers_organization_lower_name_index" on "workers" ("organization_id", lower("full_name") text_pattern_ops);`);
    this.addSql(`create index "workers_organization_phone_prefix_index" on "workers" ("organization_id", "phone_number" text_pattern_ops);`);
    this.addSql(`drop index if exists "workers_list_handoff_index";`);
    this.addSql(`drop index if exists "workers_list_low_well_being_index";`);
    this.addSql(`drop index if exists "workers_list_phone_index";`);
    this.addSql(`drop index if exists "workers_list_name_index";`);
  }
}
