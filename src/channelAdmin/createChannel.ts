import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUniqueViolation } from '../db/isUniqueViolation';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { SecretBox } from '../secrets/secretBox';
import { writeSecretHints } from './channelSecretHints';
import { isPhoneNumberIdConfirmed } from './isPhoneNumberIdConfirmed';
import { refuseTakenAddress, type TakenAddressRefusal } from './refuseTakenAddress';
import { refuseLongSecrets } from './refuseLongSecrets';
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
  | TakenAddressRefusal;

/** A verify token for Meta's webhook handshake: 32 url-safe characters. */
export function generateVerifyToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Creates a channel: settings and secrets checked by the kind's schema, secrets sealed with the
 * secret box bound to the new id (a Cloud API verify token generated), their hints recorded in the
 * same transaction. An address already connected is refused in the same words whoever holds it; a
 * Cloud API phone number id is held by a confirmed channel, or by a claim of the caller's own
 * organization.
 */
export async function createChannel(em: EntityManager, input: NewChannel, secretBox: SecretBox, now: Date): Promise<CreateChannelResult> {
  const tooLong = refuseLongSecrets(input.secrets);
  if (tooLong) return { ok: false, code: 'invalid_json', ...tooLong };
  const secretsGiven = input.kind === 'cloud_api' ? { ...input.secrets, verifyToken: generateVerifyToken() } : input.secrets;
  const checked = validateChannelConfig(input.kind, input.settings, secretsGiven);
  if (!checked.ok) return { ok: false, code: 'invalid_json', field: checked.field, message: checked.message };
  const id = randomUUID();
  const address = channelAddress(input.kind, checked.settings, id);
  if (input.kind === 'cloud_api' && (await isPhoneNumberIdConfirmed(em, address, id))) return refuseTakenAddress(input.kind);
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
    return refuseTakenAddress(input.kind);
  }
  return { ok: true, id };
}
