import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { hashApiKey, looksLikeApiKey } from '../auth/apiKeyFormat';
import { createApiKey } from './manageApiKeys';

const DEMO_KEY_NAME = 'Demo key (npm start)';

/**
 * The demo organization's org_admin API key, for `npm start` to print. With `chosenKey`
 * (DEMO_API_KEY, shaped `ce_<8 hex>_<32+ url-safe characters>`) that key is registered once and
 * kept; without, the previous demo key is revoked and a new one made (only hashes are stored, so
 * an old key cannot be shown again). Undefined when DEMO_API_KEY names a key that was revoked:
 * a revoked key is never brought back.
 */
export async function createDemoApiKey(em: EntityManager, organizationId: string): Promise<string>;
export async function createDemoApiKey(em: EntityManager, organizationId: string, chosenKey: string | undefined): Promise<string | undefined>;
export async function createDemoApiKey(em: EntityManager, organizationId: string, chosenKey?: string): Promise<string | undefined> {
  const scoped = forOrganization(em, organizationId);
  if (chosenKey !== undefined) {
    if (!looksLikeApiKey(chosenKey)) throw new Error('DEMO_API_KEY must look like ce_<8 hex digits>_<at least 32 of A-Z a-z 0-9 _ ->');
    const [existing] = await scopedSql<{ revoked_at: Date | null }>(scoped, `select revoked_at from api_keys where organization_id = :organization_id and key_hash = :hash`, { hash: hashApiKey(chosenKey) });
    if (existing?.revoked_at) return undefined;
    if (!existing) await createApiKey(scoped, { name: DEMO_KEY_NAME, role: 'org_admin', key: chosenKey });
    return chosenKey;
  }
  await scopedSql(scoped, `update api_keys set revoked_at = now() where organization_id = :organization_id and name = :name and revoked_at is null`, { name: DEMO_KEY_NAME });
  return (await createApiKey(scoped, { name: DEMO_KEY_NAME, role: 'org_admin' })).key;
}
