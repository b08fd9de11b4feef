/** A content row as the library shows it. */
export type ContentItemView = {
  id: string;
  key: string;
  version: number;
  /** The version a reference or a broadcast by key gets. */
  latest: boolean;
  type: string;
  languages: string[];
  /** Its text (a media's caption) in the blueprint's default language. */
  description: string | null;
  mediaUrl: string | null;
  licenseType: string | null;
  /** What it shows: texts per language, options, media, feedback, labels, template. */
  body: Record<string, unknown>;
  /** Keys of the blueprints whose versions use any version of this item. */
  usedBy: string[];
  createdAt: string;
};

/** A content row with its blueprint keys, as the library's queries return it. */
export type ContentItemRow = {
  id: string; key: string; version: number; latest: boolean; type: string; languages: string[]; description: string | null;
  media_url: string | null; license_type: string | null; body: Record<string, unknown>; used_by: string[]; created_at: Date;
};

/** The columns of a ContentItemRow, from `content c`: `used_by` over every version of its key (one index lookup per touchpoint). */
export const contentItemColumns = `c.id, c.key, c.version, c.latest, c.type, c.languages, c.description, c.media_url, c.license_type, c.body, c.created_at,
  array(select distinct jb.key from content v join touchpoints t on t.content_id = v.id join phases ph on ph.id = t.phase_id
          join journey_blueprints jb on jb.id = ph.journey_blueprint_id
         where v.organization_id = c.organization_id and v.key = c.key order by jb.key) as used_by`;

/** The view of a content row. */
export function viewContentItem(row: ContentItemRow): ContentItemView {
  return {
    id: row.id, key: row.key, version: row.version, latest: row.latest, type: row.type, languages: row.languages, description: row.description,
    mediaUrl: row.media_url, licenseType: row.license_type, body: row.body, usedBy: row.used_by, createdAt: new Date(row.created_at).toISOString(),
  };
}
