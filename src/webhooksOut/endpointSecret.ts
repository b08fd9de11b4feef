import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets/secretBox';

/** The secret box context of an endpoint's signing secret: a sealed value cannot be moved to another endpoint. */
export const endpointSecretContext = (endpointId: string) => `webhook-endpoint:${endpointId}`;

/** A new Standard Webhooks signing secret: `whsec_` + 32 random bytes, base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function sealEndpointSecret(secretBox: SecretBox, endpointId: string, secret: string): string {
  return secretBox.seal({ secret }, endpointSecretContext(endpointId));
}

export function openEndpointSecret(secretBox: SecretBox, endpointId: string, sealed: string): string {
  const { secret } = secretBox.open(sealed, endpointSecretContext(endpointId));
  if (typeof secret !== 'string') throw new Error(`webhook endpoint ${endpointId} has no signing secret`);
  return secret;
}
