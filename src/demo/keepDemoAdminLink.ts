import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { issueUserLink } from '../api/users/manageUsers';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import type { SecretBox } from '../secrets/secretBox';
import { loadDemoCredentials, storeDemoCredentials } from './demoCredentialStore';
import { demoIds } from './seedDemo';

/**
 * The link to set the demo admin's console password, only while no password is set: the link a
 * previous start printed while it is still unused and valid, else a new one (kept sealed).
 */
export async function keepDemoAdminLink(rootEm: EntityManager, secretBox: SecretBox, at: number, publicUrl: string): Promise<string | undefined> {
  const em = forOrganization(rootEm, demoIds.clientOrganization);
  const [admin] = await scopedSql<{ has_password: boolean }>(em, `select password_hash is not null as has_password from users where organization_id = :organization_id and id = :id`, { id: demoIds.admin });
  if (!admin || admin.has_password) return undefined;
  const { adminLink } = await loadDemoCredentials(em, secretBox);
  if (adminLink) {
    const { pathname } = new URL(adminLink);
    const token = pathname.slice(pathname.lastIndexOf('/') + 1);
    const [usable] = await scopedSql(
      em,
      `select 1 from user_tokens where organization_id = :organization_id and token_hash = :hash and used_at is null and expires_at > :at`,
      { hash: createHash('sha256').update(token).digest('hex'), at: new Date(at) },
    );
    // At the address this start listens on (the port may have changed).
    if (usable) return `${publicUrl.replace(/\/$/, '')}${pathname}`;
  }
  const { link } = await issueUserLink(em, demoIds.admin, 'password_reset', at, publicUrl);
  await storeDemoCredentials(em, secretBox, { adminLink: link });
  return link;
}
