import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '../../db/entities/User';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { asSystem } from '../../db/tenancy/scopes';

/** The signed-in staff member, as every console page sees them. */
export interface Staff {
  userId: string;
  organizationId: string;
  organizationName: string;
  email: string;
  name: string;
  role: UserRole;
  /** The form token every POST must echo (`_csrf`). */
  csrfToken: string;
  /** IANA timezone used to show times: the user's own, else the organization's. */
  timezone: string;
  sessionHash: string;
}

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

/** Opens a session for a user; returns the random id to put in the (signed) cookie. */
export async function createStaffSession(em: EntityManager, user: { id: string; organizationId: string }, at: number, ttlMs: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await scopedSql(
    asSystem(em, 'staff sign-in'),
    `insert into web_sessions (id_hash, organization_id, user_id, csrf_token, created_at, expires_at)
     values (:hash, :organization, :user, :csrf, :at, :expires)`,
    { hash: hashId(id), organization: user.organizationId, user: user.id, csrf: randomBytes(24).toString('base64url'), at: new Date(at), expires: new Date(at + ttlMs) },
  );
  return id;
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  organization_id: string;
  organization_name: string;
  settings: { timezone?: string };
  user_timezone: string | null;
  email: string;
  display_name: string | null;
  role: UserRole;
  csrf_token: string;
}

/** The live session with this id, or undefined (unknown, expired, its user was removed, or its organization is suspended). */
export async function findStaffSession(em: EntityManager, id: string, at: number): Promise<Staff | undefined> {
  const [row] = await scopedSql<SessionRow>(
    asSystem(em, 'staff session lookup'),
    `select s.id_hash, s.user_id, s.organization_id, s.csrf_token, u.email, u.display_name, u.role, u.timezone as user_timezone, o.name as organization_name, o.settings
       from web_sessions s join users u on u.id = s.user_id and u.organization_id = s.organization_id
       join organizations o on o.id = s.organization_id and o.suspended_at is null
      where s.id_hash = :hash and s.expires_at > :at`,
    { hash: hashId(id), at: new Date(at) },
  );
  if (!row) return undefined;
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    email: row.email,
    name: row.display_name ?? row.email,
    role: row.role,
    csrfToken: row.csrf_token,
    timezone: row.user_timezone ?? row.settings.timezone ?? 'UTC',
    sessionHash: row.id_hash,
  };
}

/** Ends a session (log out); also sweeps sessions that expired. */
export async function deleteStaffSession(em: EntityManager, sessionHash: string, at: number): Promise<void> {
  await scopedSql(asSystem(em, 'staff sign-out'), 'delete from web_sessions where id_hash = :hash or expires_at < :at', { hash: sessionHash, at: new Date(at) });
}

/** The role of the user of a live session (by the hash `Staff.sessionHash`), or undefined once it ended. */
export async function readSessionRole(em: EntityManager, sessionHash: string, at: number): Promise<UserRole | undefined> {
  const [row] = await scopedSql<{ role: UserRole }>(
    asSystem(em, 'staff session check of an event stream'),
    `select u.role from web_sessions s join users u on u.id = s.user_id and u.organization_id = s.organization_id
      where s.id_hash = :hash and s.expires_at > :at`,
    { hash: sessionHash, at: new Date(at) },
  );
  return row?.role;
}
