import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserRole } from '../../db/entities/User';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { isUniqueViolation } from '../../db/isUniqueViolation';

export interface UserView {
  id: string;
  email: string;
  role: UserRole;
  displayName: string | null;
  /** IANA timezone the console shows times in; null means the organization's. */
  timezone: string | null;
  /** false until the invitation was accepted (no password yet). */
  active: boolean;
  createdAt: string;
}

interface UserRow {
  id: string;
  email: string;
  role: UserRole;
  display_name: string | null;
  timezone: string | null;
  has_password: boolean;
  created_at: Date;
}

/** How long links work (ms): invitations a week, password resets an hour. */
export const LINK_TTL_MS = { invitation: 7 * 24 * 3_600_000, password_reset: 3_600_000 } as const;
/** Where the coach console (src/web) redeems each kind of link. */
const linkPaths = { invitation: '/coach/invitations/', password_reset: '/coach/password-reset/' } as const;

const columns = `id, email, role, display_name, timezone, password_hash is not null as has_password, created_at`;
const toView = (row: UserRow): UserView => ({ id: row.id, email: row.email, role: row.role, displayName: row.display_name, timezone: row.timezone, active: row.has_password, createdAt: new Date(row.created_at).toISOString() });

/** The organization's staff users, by email. */
export async function listUsers(em: EntityManager): Promise<UserView[]> {
  return (await scopedSql<UserRow>(em, `select ${columns} from users where organization_id = :organization_id order by email`)).map(toView);
}

/**
 * Makes a one-time link for a user: a random token whose sha256 goes to user_tokens; the link is
 * `<publicUrl>/coach/invitations/<token>` or `/coach/password-reset/<token>` (redeemed by the console).
 */
export async function issueUserLink(em: EntityManager, userId: string, purpose: keyof typeof LINK_TTL_MS, at: number, publicUrl: string): Promise<{ link: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(at + LINK_TTL_MS[purpose]);
  await scopedSql(
    em,
    `insert into user_tokens (organization_id, user_id, purpose, token_hash, expires_at) values (:organization_id, :user, :purpose, :hash, :expires)`,
    { user: userId, purpose, hash: createHash('sha256').update(token).digest('hex'), expires: expiresAt },
  );
  return { link: `${publicUrl.replace(/\/$/, '')}${linkPaths[purpose]}${token}`, expiresAt: expiresAt.toISOString() };
}

/** The one answer to an address that is already a staff user, in this organization or another: the same either way, so it never tells who works elsewhere. */
const emailUnavailable = { code: 'email_unavailable', message: 'This address cannot be invited: use another email address for this person', field: 'email' } as const;

/**
 * Invites a staff user: the user (no password yet) and an invitation link. An address already
 * in use, here or in another organization (sign-in is by email, so addresses are unique
 * platform-wide), is refused with one neutral answer.
 */
export async function inviteUser(
  em: EntityManager,
  input: { email: string; role: UserRole; displayName?: string },
  at: number,
  publicUrl: string,
): Promise<{ user: UserView; link: string; expiresAt: string } | typeof emailUnavailable> {
  try {
    return await em.transactional(async (tx) => {
      const [row] = await scopedSql<UserRow>(
        tx,
        `insert into users (organization_id, email, role, display_name) values (:organization_id, :email, :role, :name) returning ${columns}`,
        { email: input.email.toLowerCase(), role: input.role, name: input.displayName ?? null },
      );
      return { user: toView(row), ...(await issueUserLink(tx, row.id, 'invitation', at, publicUrl)) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return emailUnavailable;
    throw error;
  }
}

/** Changes a user's role or display name. */
export async function updateUser(em: EntityManager, id: string, patch: { role?: UserRole; displayName?: string | null; timezone?: string | null }): Promise<UserView> {
  const [row] = await scopedSql<UserRow>(
    em,
    `update users set role = coalesce(:role, role), display_name = case when :hasName then :name else display_name end,
            timezone = case when :hasTimezone then :timezone else timezone end, updated_at = now()
      where organization_id = :organization_id and id = :id returning ${columns}`,
    {
      id,
      role: patch.role ?? null,
      hasName: patch.displayName !== undefined,
      name: patch.displayName ?? null,
      hasTimezone: patch.timezone !== undefined,
      timezone: patch.timezone ?? null,
    },
  );
  return toView(row);
}

/** Removes a staff user (their API keys stay, without an owner; revoke them separately). */
export async function deleteUser(em: EntityManager, id: string): Promise<void> {
  await scopedSql(em, `delete from users where organization_id = :organization_id and id = :id`, { id });
}
