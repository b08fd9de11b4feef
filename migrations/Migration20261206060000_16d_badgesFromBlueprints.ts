import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: badges are now created when a flow is stored, and an award only inserts the
 * worker's row. This creates the badges that stored blueprint versions name (listed or awarded)
 * and that were never awarded, named in the version's default language (the newest version wins).
 */
export class Migration20261206060000_16d_badgesFromBlueprints extends Migration {

  override async up(): Promise<void> {
    this.addSql(`
      insert into "badges" ("organization_id", "key", "name", "description")
      select distinct on (named.organization_id, named.key) named.organization_id, named.key, left(named.name, 100), named.description
        from (
          select jb.organization_id, jb.version, b->>'key' as key,
                 coalesce(b->'name'->>jb.default_language, (select value from jsonb_each_text(b->'name') limit 1), b->>'key') as name,
                 coalesce(b->'description'->>jb.default_language, (select value from jsonb_each_text(b->'description') limit 1)) as description
            from "journey_blueprints" jb cross join jsonb_array_elements(coalesce(jb.definition->'badges', '[]'::jsonb)) b
          union all
          select jb.organization_id, -1, a->>'badge', a->>'badge', null
            from "journey_blueprints" jb cross join jsonb_array_elements(coalesce(jb.definition->'awards', '[]'::jsonb)) a
        ) named
       order by named.organization_id, named.key, named.version desc
      on conflict ("organization_id", "key") do nothing;`);
  }

  override async down(): Promise<void> {
    // Nothing to undo: the rows are ordinary badges, as an award would have created them before.
  }
}
