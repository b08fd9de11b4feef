import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { BroadcastRequestData } from './broadcastInput';

/** A refusal as createBroadcast answers it. */
type UnknownContent = { code: 'unknown_content'; message: string; field: string };

/**
 * The library content row a broadcast sends: `contentId` as given, or the latest version of
 * `contentKey`; it must have a text. Undefined when the broadcast sends no library content.
 */
export async function pickLibraryContent(em: EntityManager, content: BroadcastRequestData['content']): Promise<{ id: string } | UnknownContent | undefined> {
  if (!content.contentId && !content.contentKey) return undefined;
  const withText = `organization_id = :organization_id and jsonb_typeof(body -> 'text') = 'object'`;
  const [row] = content.contentId
    ? await scopedSql<{ id: string }>(em, `select id from content where ${withText} and id = :id`, { id: content.contentId })
    : await scopedSql<{ id: string }>(em, `select id from content where ${withText} and key = :key and latest`, { key: content.contentKey ?? '' });
  if (row) return row;
  return content.contentId
    ? { code: 'unknown_content', message: `No content item with a text has the id ${content.contentId} in your organization (GET /v1/content lists them)`, field: 'content.contentId' }
    : { code: 'unknown_content', message: `No content item with a text has the key '${content.contentKey}' in your organization's library (GET /v1/content lists them)`, field: 'content.contentKey' };
}
