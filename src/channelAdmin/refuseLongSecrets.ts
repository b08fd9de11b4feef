import type { JsonRecord } from './validateChannelConfig';

/**
 * The longest secret a channel takes, in characters: provider tokens are 32 (Twilio, a Meta app
 * secret) to a few hundred (a Graph API access token); each secret is sealed and kept with up to
 * five rotated-out copies, so a megabyte pasted by mistake would be kept six times.
 */
export const LONGEST_SECRET = 2_048;

/** The first given secret longer than LONGEST_SECRET, as a refusal naming it; secrets stored before are not judged. */
export function refuseLongSecrets(given: JsonRecord | undefined): { field: string; message: string } | undefined {
  for (const [name, value] of Object.entries(given ?? {})) {
    if (typeof value === 'string' && value.length > LONGEST_SECRET) {
      return { field: `secrets.${name}`, message: `secrets.${name}: is ${value.length} characters long, more than a provider's secret (at most ${LONGEST_SECRET})` };
    }
  }
  return undefined;
}
