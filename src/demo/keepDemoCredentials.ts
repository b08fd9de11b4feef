import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createDemoApiKey } from '../api/apiKeys/createDemoApiKey';
import { forOrganization } from '../db/tenancy/scopes';
import type { SecretBox } from '../secrets/secretBox';
import { loadDemoCredentials, storeDemoCredentials } from './demoCredentialStore';
import { demoIds } from './seedDemo';

/**
 * The demo's admin token and org_admin API key: ADMIN_TOKEN and DEMO_API_KEY when set, otherwise
 * the ones the previous start on this database made (kept sealed), so a restart prints the same.
 * A kept key that was revoked is replaced. `apiKey` is undefined when DEMO_API_KEY was revoked.
 */
export async function keepDemoCredentials(
  rootEm: EntityManager,
  secretBox: SecretBox,
  chosen: { adminToken?: string; apiKey?: string },
): Promise<{ adminToken: string; apiKey?: string }> {
  const em = forOrganization(rootEm, demoIds.clientOrganization);
  const kept = await loadDemoCredentials(em, secretBox);
  const adminToken = chosen.adminToken ?? kept.adminToken ?? randomBytes(18).toString('base64url');
  if (chosen.apiKey !== undefined) {
    await storeDemoCredentials(em, secretBox, { adminToken });
    return { adminToken, apiKey: await createDemoApiKey(rootEm, demoIds.clientOrganization, chosen.apiKey) };
  }
  const apiKey = (kept.apiKey && (await createDemoApiKey(rootEm, demoIds.clientOrganization, kept.apiKey))) || (await createDemoApiKey(rootEm, demoIds.clientOrganization));
  await storeDemoCredentials(em, secretBox, { adminToken, apiKey });
  return { adminToken, apiKey };
}
