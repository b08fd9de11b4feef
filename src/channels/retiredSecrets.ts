import { z } from 'zod';
import type { ChannelKind } from './channelTypes';
import type { SecretBox } from '../secrets/secretBox';

/** A webhook signing secret that a rotation replaced: accepted for a grace period after `replacedAt`. */
export interface RetiredSecret {
  /** The secret's name: `authToken` (Twilio) or `appSecret` (Cloud API). */
  name: string;
  value: string;
  /** When it was replaced, epoch milliseconds (business clock). */
  replacedAt: number;
}

/** The secrets that sign a kind's webhooks: only these are kept when rotated out. */
const signingSecretNames: Record<ChannelKind, readonly string[]> = { twilio: ['authToken'], cloud_api: ['appSecret'], console: [], baileys: [] };

/** Rotated-out secrets kept per channel, newest first: enough for a few rotations within one grace period. */
const KEPT = 5;

const retiredSchema = z.object({ retired: z.array(z.object({ name: z.string(), value: z.string(), replacedAt: z.number() })) });

/** The secret box context of a channel's retired secrets (apart from its current secrets). */
export const retiredSecretsContext = (channelId: string) => `${channelId}/retired`;

/** Opens `channels.retired_secrets_ciphertext` (null: none). */
export function openRetiredSecrets(secretBox: SecretBox, sealed: string | null, channelId: string): RetiredSecret[] {
  if (!sealed) return [];
  return retiredSchema.parse(secretBox.open(sealed, retiredSecretsContext(channelId))).retired;
}

/**
 * The retired secrets after a rotation: the signing secrets whose value changed are added (newest
 * first), the oldest beyond five dropped. Answers the sealed value to store, or the stored one
 * unchanged when no signing secret changed.
 */
export function retireSecrets(
  secretBox: SecretBox,
  input: { channelId: string; kind: ChannelKind; sealed: string | null; before: Record<string, unknown>; after: Record<string, unknown>; now: number },
): string | null {
  const replaced = signingSecretNames[input.kind].flatMap((name) => {
    const old = input.before[name];
    return typeof old === 'string' && old !== input.after[name] ? [{ name, value: old, replacedAt: input.now }] : [];
  });
  if (replaced.length === 0) return input.sealed;
  const retired = [...replaced, ...openRetiredSecrets(secretBox, input.sealed, input.channelId)].slice(0, KEPT);
  return secretBox.seal({ retired: retired.map(({ name, value, replacedAt }) => ({ name, value, replacedAt })) }, retiredSecretsContext(input.channelId));
}
