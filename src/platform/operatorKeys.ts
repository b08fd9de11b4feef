import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Operator keys look like `cpo_<43 base64url characters>` (256 bits); only their sha256 is stored. */
const operatorKeyPattern = /^cpo_[A-Za-z0-9_-]{43}$/;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A platform operator as listed (never the key). */
export interface OperatorView {
  id: string;
  email: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Creates a platform operator (or gives a revoked one a new key) and returns the key once. Only
 * the command line calls this (`npm run operators -- create <email>`): no route makes an operator.
 * @param system an EntityManager in the system scope
 */
export async function createOperator(system: EntityManager, email: string): Promise<{ id: string; email: string; key: string }> {
  const key = `cpo_${randomBytes(32).toString('base64url')}`;
  const [row] = await scopedSql<{ id: string; email: string }>(
    system,
    `insert into platform_operators (email, key_hash) values (:email, :hash)
     on conflict (email) do update set key_hash = excluded.key_hash, revoked_at = null returning id, email`,
    { email: email.trim().toLowerCase(), hash: hashKey(key) },
  );
  return { ...row, key };
}

/** Revokes an operator's key; returns whether an active operator had this email. */
export async function revokeOperator(system: EntityManager, email: string, at: number): Promise<boolean> {
  const rows = await scopedSql(system, `update platform_operators set revoked_at = :at where email = :email and revoked_at is null returning id`, { email: email.trim().toLowerCase(), at: new Date(at) });
  return rows.length > 0;
}

/** Every operator, active first. */
export async function listOperators(system: EntityManager): Promise<OperatorView[]> {
  const rows = await scopedSql<{ id: string; email: string; created_at: Date; revoked_at: Date | null }>(
    system,
    'select id, email, created_at, revoked_at from platform_operators order by revoked_at nulls first, email',
  );
  return rows.map((row) => ({ id: row.id, email: row.email, createdAt: new Date(row.created_at).toISOString(), revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null }));
}

/** The active operator holding this bearer token, or undefined. */
export async function findOperator(system: EntityManager, token: string): Promise<{ id: string; email: string } | undefined> {
  if (!operatorKeyPattern.test(token)) return undefined;
  const [row] = await scopedSql<{ id: string; email: string }>(system, 'select id, email from platform_operators where key_hash = :hash and revoked_at is null', { hash: hashKey(token) });
  return row;
}
