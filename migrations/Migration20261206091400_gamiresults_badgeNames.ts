import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: a badge's name in every language its flow gives (`names`, language → text), so
 * a worker hears and reads it in their own language; `name` stays the default language's. Filled
 * from the newest stored flow that names the badge.
 */
export class Migration20261206091400_gamiresults_badgeNames extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "badges" add column "names" jsonb not null default '{}';`);
    this.addSql(`update "badges" b set "names" = n.names
      from (select distinct on (jb.organization_id, badge ->> 'key') jb.organization_id, badge ->> 'key' as key, badge -> 'name' as names
              from journey_blueprints jb cross join jsonb_array_elements(coalesce(jb.definition -> 'badges', '[]')) badge
             where jsonb_typeof(badge -> 'name') = 'object'
             order by jb.organization_id, badge ->> 'key', jb.created_at desc) n
     where n.organization_id = b.organization_id and n.key = b.key;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "badges" drop column "names";`);
  }
}
