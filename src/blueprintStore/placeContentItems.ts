import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Content } from '../db/entities/Content';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toArrayLiteral } from '../db/toArrayLiteral';

/** What a touchpoint shows, to be kept in the organization's library. */
export type ContentItemInput = {
  key: string;
  /** The content row's body: type, texts, media, options, ... (see splitTouchpoint). */
  body: Record<string, unknown>;
  /** Its text in the blueprint's default language, for the row's description. */
  description: string | null;
};

/** Who owns new rows: the organization wrote them, or installed them under a licence. */
export type LicenseType = 'own' | 'licensed';

/**
 * The content rows of the scope's organization that show these items, one id per item in order.
 * A key that already has a version with the same body (jsonb equality) reuses that row; otherwise
 * the item becomes the key's next version. Either way that row becomes the key's latest version.
 * One lookup statement, two updates of the latest flags; new rows are flushed with the transaction.
 * Items with the same key must have the same body (checkContentKeys).
 *
 * @param em an EntityManager scoped with forOrganization(), inside a transaction
 */
export async function placeContentItems(em: EntityManager, organization: string, items: readonly ContentItemInput[], licenseType: LicenseType): Promise<string[]> {
  const found = await scopedSql<{ n: number; id: string | null; max_version: number }>(
    em,
    `select i.n::int as n,
            (select c.id from content c where c.organization_id = :organization_id and c.key = i.item ->> 'key' and c.body = i.item -> 'body' limit 1) as id,
            (select coalesce(max(c.version), 0) from content c where c.organization_id = :organization_id and c.key = i.item ->> 'key')::int as max_version
       from jsonb_array_elements(:items::jsonb) with ordinality i(item, n) order by i.n`,
    { items: JSON.stringify(items.map(({ key, body }) => ({ key, body }))) },
  );
  const idOfKey = new Map<string, string>();
  const created: Array<{ id: string; item: ContentItemInput; version: number }> = [];
  items.forEach((item, index) => {
    if (idOfKey.has(item.key)) return;
    const row = found[index];
    if (row.id) {
      idOfKey.set(item.key, row.id);
      return;
    }
    const id = randomUUID();
    idOfKey.set(item.key, id);
    created.push({ id, item, version: row.max_version + 1 });
  });
  const kept = toArrayLiteral([...idOfKey.values()]);
  // One latest row per key (a unique index, checked row by row): unmark the others first.
  await scopedSql(em, `update content set latest = false where organization_id = :organization_id and key = any(:keys::text[]) and latest and id <> all(:kept::uuid[])`, {
    keys: toArrayLiteral([...idOfKey.keys()]),
    kept,
  });
  await scopedSql(em, `update content set latest = true where organization_id = :organization_id and id = any(:kept::uuid[]) and not latest`, { kept });
  for (const { id, item, version } of created) {
    const text = item.body.text as Record<string, string> | undefined;
    const media = item.body.media as { url?: string } | undefined;
    em.create(Content, {
      id,
      organization,
      key: item.key,
      version,
      latest: true,
      languages: Object.keys(text ?? {}).sort(),
      type: String(item.body.type),
      title: item.key,
      description: item.description,
      mediaUrl: media?.url ?? null,
      licenseType,
      body: item.body,
    });
  }
  return items.map((item) => idOfKey.get(item.key) as string);
}
