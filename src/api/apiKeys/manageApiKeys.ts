import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '../../db/entities/User';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { generateApiKey, hashApiKey } from '../auth/apiKeyFormat';

export interface ApiKeyView {
  id: string;
  name: string;
  /** The visible start of the key, e.g. ce_1a2b3c4d. */
  prefix: string;
  role: UserRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: UserRole;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: iso(row.last_used_at),
  revokedAt: iso(row.revoked_at),
});
const columns = 'id, name, prefix, role, created_at, last_used_at, revoked_at';

/**
 * Creates an API key in the scope's organization. The key itself is returned once, here, and
 * only its sha256 is stored. Pass `key` to register a chosen key (DEMO_API_KEY).
 */
export async function createApiKey(
  em: EntityManager,
  options: { name: string; role: UserRole; createdBy?: string; key?: string },
): Promise<ApiKeyView & { key: string }> {
  const generated = generateApiKey();
  const key = options.key ?? generated.key;
  const prefix = options.key ? options.key.slice(0, 11) : generated.prefix;
  const [row] = await scopedSql<ApiKeyRow>(
    em,
    `insert into api_keys (organization_id, name, prefix, key_hash, role, created_by)
     values (:organization_id, :name, :prefix, :hash, :role, :createdBy::uuid)
     returning ${columns}`,
    { name: options.name, prefix, hash: hashApiKey(key), role: options.role, createdBy: options.createdBy ?? null },
  );
  return { ...toView(row), key };
}

/** The organization's keys, newest first, revoked ones included (never the key). */
export async function listApiKeys(em: EntityManager): Promise<ApiKeyView[]> {
  const rows = await scopedSql<ApiKeyRow>(em, `select ${columns} from api_keys where organization_id = :organization_id order by created_at desc, id`);
  return rows.map(toView);
}

/** Revokes a key (idempotent); it answers 401 from then on. */
export async function revokeApiKey(em: EntityManager, id: string, at: number): Promise<void> {
  await scopedSql(em, `update api_keys set revoked_at = coalesce(revoked_at, :at) where organization_id = :organization_id and id = :id`, { id, at: new Date(at) });
}
