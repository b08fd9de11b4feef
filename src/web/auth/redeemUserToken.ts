import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { asSystem } from '../../db/tenancy/scopes';

/** What a one-time link is for (user_tokens.purpose). */
export type TokenPurpose = 'invitation' | 'password_reset';

/** user_tokens keeps the sha256 (hex) of the token that was put in the link. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The user a live (unused, unexpired) link belongs to, without using it up: for showing the form. */
export async function peekUserToken(em: EntityManager, token: string, purpose: TokenPurpose, at: number): Promise<{ email: string } | undefined> {
  const [row] = await scopedSql<{ email: string }>(
    asSystem(em, 'read a one-time staff link'),
    `select u.email from user_tokens t join users u on u.id = t.user_id and u.organization_id = t.organization_id
      where t.token_hash = :hash and t.purpose = :purpose and t.used_at is null and t.expires_at > :at`,
    { hash: hashToken(token), purpose, at: new Date(at) },
  );
  return row;
}

/**
 * Uses a one-time link: marks it used and sets the user's password, in one transaction, so a
 * link works once even when submitted twice at the same moment. Returns the user, or undefined
 * when the link is unknown, used or expired.
 */
export async function redeemUserToken(
  em: EntityManager,
  token: string,
  purpose: TokenPurpose,
  passwordHash: string,
  at: number,
): Promise<{ id: string; organizationId: string } | undefined> {
  return asSystem(em, 'redeem a one-time staff link').transactional(async (tx) => {
    const [used] = await scopedSql<{ user_id: string; organization_id: string }>(
      tx,
      `update user_tokens set used_at = :at
        where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :at
        returning user_id, organization_id`,
      { hash: hashToken(token), purpose, at: new Date(at) },
    );
    if (!used) return undefined;
    await scopedSql(tx, 'update users set password_hash = :hash, updated_at = :at where id = :user and organization_id = :organization', {
      hash: passwordHash, at: new Date(at), user: used.user_id, organization: used.organization_id,
    });
    // Other outstanding links of the same user die with this one, and so do their open sessions
    // (a reset after a stolen password signs the thief out).
    await scopedSql(tx, 'update user_tokens set used_at = :at where user_id = :user and used_at is null', { at: new Date(at), user: used.user_id });
    await scopedSql(tx, 'delete from web_sessions where user_id = :user', { user: used.user_id });
    return { id: used.user_id, organizationId: used.organization_id };
  });
}

