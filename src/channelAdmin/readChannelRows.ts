import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A `channels` row as onboarding reads it (the sealed secrets stay sealed until asked for). */
export interface ChannelRow {
  id: string;
  kind: 'twilio' | 'cloud_api' | 'console' | 'baileys';
  name: string;
  address: string;
  settings: Record<string, unknown>;
  secrets_ciphertext: string | null;
  /** Rotated-out signing secrets still accepted for a grace period (`retiredSecrets.ts`). */
  retired_secrets_ciphertext: string | null;
  status: string;
  health_status: 'healthy' | 'unhealthy';
  health_reason: string | null;
  health_changed_at: Date | null;
  verified_at: Date | null;
  verify_ok: boolean | null;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'id, kind, name, address, settings, secrets_ciphertext, retired_secrets_ciphertext, status, health_status, health_reason, health_changed_at, verified_at, verify_ok, created_at, updated_at';

/** The organization's channels that are not deleted, oldest first. */
export async function listChannelRows(em: EntityManager): Promise<ChannelRow[]> {
  return scopedSql<ChannelRow>(em, `select ${columns} from channels where organization_id = :organization_id and status <> 'deleted' order by created_at, id`);
}

/** One channel of the organization, unless deleted; `forUpdate` locks the row until the caller's transaction ends. */
export async function readChannelRow(em: EntityManager, id: string, options: { forUpdate?: boolean } = {}): Promise<ChannelRow | undefined> {
  const lock = options.forUpdate ? 'for update' : '';
  const rows = await scopedSql<ChannelRow>(em, `select ${columns} from channels where organization_id = :organization_id and id = :id and status <> 'deleted' ${lock}`, { id });
  return rows[0];
}
