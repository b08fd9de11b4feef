import { Migration } from '@mikro-orm/migrations';

/** Which blueprint versions use each content row (first and last version number). */
const usage = `select t.content_id, min(jb.version) as first_used, max(jb.version) as last_used
                 from touchpoints t join phases ph on ph.id = t.phase_id join journey_blueprints jb on jb.id = ph.journey_blueprint_id
                group by t.content_id`;

/**
 * Written by hand: the content library (issue 20). A content row is now a version of a library
 * item: `key` (`<blueprint>/<touchpoint>` for content written in a flow, or the flow's
 * `content:` key), `version` per key, `latest` (the version a reference or a broadcast by key
 * gets), its `languages`, and a full-text `search` vector. Up: every row gets the key of the
 * touchpoint that uses it; rows with the same organization, key and body (one per touchpoint per
 * blueprint version until now) become one, touchpoints and broadcasts pointing to it; versions
 * number the distinct bodies of a key in the order blueprint versions first used them.
 * `license_type` becomes 'own' where it was unset. Down: every touchpoint gets its own copy of
 * its content again, and the columns go.
 */
export class Migration20261206093000_library_contentLibrary extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "content" add column "key" varchar(200) null, add column "version" int null,
      add column "latest" boolean not null default true, add column "languages" text[] not null default '{}';`);
    this.addSql(`update "content" c set "key" = jb.key || '/' || t.key
      from touchpoints t join phases ph on ph.id = t.phase_id join journey_blueprints jb on jb.id = ph.journey_blueprint_id where t.content_id = c.id;`);
    this.addSql(`update "content" set "key" = 'content/c' || replace(id::text, '-', '') where "key" is null;`);
    this.addSql(`create temporary table content_merge on commit drop as
      select id, first_value(id) over (partition by organization_id, key, body order by created_at, id) as keep from "content";`);
    this.addSql(`delete from content_merge where id = keep;`);
    this.addSql(`update touchpoints t set content_id = m.keep from content_merge m where t.content_id = m.id;`);
    this.addSql(`update broadcasts b set content = jsonb_set(b.content, '{contentId}', to_jsonb(m.keep::text)) from content_merge m where b.content ->> 'contentId' = m.id::text;`);
    this.addSql(`delete from "content" c using content_merge m where c.id = m.id;`);
    this.addSql(`update "content" c set version = v.version, latest = v.latest from (
      select c.id,
             row_number() over (partition by c.organization_id, c.key order by u.first_used nulls last, c.created_at, c.id) as version,
             row_number() over (partition by c.organization_id, c.key order by u.last_used desc nulls last, c.created_at desc, c.id desc) = 1 as latest
        from "content" c left join (${usage}) u on u.content_id = c.id) v
      where v.id = c.id;`);
    this.addSql(`update "content" set languages = array(select jsonb_object_keys(body -> 'text') order by 1) where jsonb_typeof(body -> 'text') = 'object';`);
    this.addSql(`update "content" set license_type = 'own' where license_type is null;`);
    // The touchpoints' deferred foreign key checks of the repointing above run now: ALTER refuses a table with pending trigger events.
    this.addSql(`set constraints all immediate;`);
    this.addSql(`alter table "content" alter column "key" set not null, alter column "version" set not null;`);
    this.addSql(`alter table "content" add column "search" tsvector generated always as
      (to_tsvector('simple', translate("key", '/-_', '   ')) || jsonb_to_tsvector('simple', "body", '["string"]')) stored;`);
    this.addSql(`create unique index "content_key_version_unique" on "content" ("organization_id", "key", "version");`);
    // One latest version per key: what references and broadcasts by key resolve to, and the library list's order.
    this.addSql(`create unique index "content_latest_unique" on "content" ("organization_id", "key") where "latest";`);
    this.addSql(`create index "content_search_index" on "content" using gin ("search");`);
    // Which touchpoints use a content row: the library's "used by", and content deletes.
    this.addSql(`create index "touchpoints_content_id_index" on "touchpoints" ("content_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "touchpoints_content_id_index";`);
    this.addSql(`alter table "content" drop column "search", drop column "languages", drop column "latest", drop column "version", drop column "key";`);
    this.addSql(`update "content" set license_type = null where license_type = 'own';`);
    this.addSql(`create temporary table content_split on commit drop as
      select id as touchpoint_id, content_id, gen_random_uuid() as copy_id
        from (select id, content_id, row_number() over (partition by content_id order by created_at, id) as n from touchpoints) t where n > 1;`);
    this.addSql(`insert into "content" (id, organization_id, type, title, description, media_url, license_type, body, created_at, updated_at)
      select s.copy_id, c.organization_id, c.type, c.title, c.description, c.media_url, c.license_type, c.body, c.created_at, c.updated_at
        from content_split s join "content" c on c.id = s.content_id;`);
    this.addSql(`update touchpoints t set content_id = s.copy_id from content_split s where t.id = s.touchpoint_id;`);
    // Stored definitions lose the touchpoints' library keys, which the schema before this one refuses.
    this.addSql(`update journey_blueprints set definition = jsonb_set(definition, '{phases}', (
      select jsonb_agg(jsonb_set(phase, '{touchpoints}', (select jsonb_agg(touchpoint - 'content' order by n) from jsonb_array_elements(phase -> 'touchpoints') with ordinality tp(touchpoint, n))) order by m)
        from jsonb_array_elements(definition -> 'phases') with ordinality ph(phase, m)))
      where jsonb_path_exists(definition, '$.phases[*].touchpoints[*].content');`);
  }
}
