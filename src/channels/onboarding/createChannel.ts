import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../../api/isUniqueViolation';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { SecretBox } from '../secretBox';
import { writeSecretHints } from './channelSecretHints';
import { channelAddress, validateChannelConfig, type JsonRecord, type OnboardableKind } from './validateChannelConfig';

/** What an admin gives to connect a number. */
export interface NewChannel {
  kind: OnboardableKind;
  name: string;
  settings: JsonRecord;
  secrets: JsonRecord;
}

export type CreateChannelResult =
  | { ok: true; id: string }
  | { ok: false; code: 'invalid_json'; field: string; message: string }
  | { ok: false; code: 'channel_exists'; field: string; message: string };

/** A verify token for Meta's webhook handshake: 32 url-safe characters. */
export function generateVerifyToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Creates a channel: settings and secrets checked by the kind's schema, secrets sealed with the
 * secret box bound to the new id (a Cloud API verify token generated), their hints recorded in the
 * same transaction.
 */
export async function createChannel(em: EntityManager, input: NewChannel, secretBox: SecretBox, now: Date): Promise<CreateChannelResult> {
  const secretsGiven = input.kind === 'cloud_api' ? { ...input.secrets, verifyToken: generateVerifyToken() } : input.secrets;
  const checked = validateChannelConfig(input.kind, input.settings, secretsGiven);
  if (!checked.ok) return { ok: false, code: 'invalid_json', field: checked.field, message: checked.message };
  const id = randomUUID();
  const address = channelAddress(input.kind, checked.settings, id);
  const sealed = Object.keys(checked.secrets).length > 0 ? secretBox.seal(checked.secrets, id) : null;
  try {
    // One transaction: a channel never exists without the hints of its secrets.
    await em.transactional(async (tx) => {
      await scopedSql(
        tx,
        `insert into channels (id, organization_id, kind, name, address, settings, secrets_ciphertext, status, created_at, updated_at)
         values (:id, :organization_id, :kind, :name, :address, cast(:settings as jsonb), :sealed, 'active', :now, :now)`,
        { id, kind: input.kind, name: input.name, address, settings: JSON.stringify(checked.settings), sealed, now },
      );
      await writeSecretHints(tx, id, checked.secrets, now);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, code: 'channel_exists', field: 'settings', message: `A ${input.kind} channel for ${address} is already connected: change that channel instead` };
  }
  return { ok: true, id };
}
