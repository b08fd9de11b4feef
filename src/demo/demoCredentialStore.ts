import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { SecretBox } from '../secrets/secretBox';

const credentialsSchema = z.object({ adminToken: z.string().optional(), apiKey: z.string().optional(), adminLink: z.string().optional() });
export type DemoCredentials = z.infer<typeof credentialsSchema>;
const context = 'demo credentials';

/** What `npm start` printed last time on this database, opened; empty when none was kept (or it no longer opens). */
export async function loadDemoCredentials(em: EntityManager, secretBox: SecretBox): Promise<DemoCredentials> {
  const [row] = await scopedSql<{ sealed: string }>(em, `select sealed from demo_credentials where organization_id = :organization_id`);
  if (!row) return {};
  try {
    return credentialsSchema.parse(secretBox.open(row.sealed, context));
  } catch {
    return {};
  }
}

/** Keeps what `npm start` prints, sealed, merged into what was kept before. */
export async function storeDemoCredentials(em: EntityManager, secretBox: SecretBox, credentials: DemoCredentials): Promise<void> {
  const merged = { ...(await loadDemoCredentials(em, secretBox)), ...credentials };
  await scopedSql(
    em,
    `insert into demo_credentials (organization_id, sealed) values (:organization_id, :sealed)
     on conflict (organization_id) do update set sealed = excluded.sealed, updated_at = now()`,
    { sealed: secretBox.seal(merged, context) },
  );
}
