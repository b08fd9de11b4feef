import { z } from 'zod';
import { DEFAULT_GRAPH_BASE_URL } from '../channels/cloudApi/cloudApiClientOptions';
import { summarize, type VerifyResult } from './verifyTypes';

/** What a Cloud API check needs. */
export interface CloudApiVerifyInput {
  settings: Record<string, unknown>;
  secrets: Record<string, unknown>;
  /** Graph API base including the version (a local fake in tests). */
  graphBaseUrl?: string;
  /** Milliseconds. Default 10000. */
  timeoutMs?: number;
}

const graphError = z.object({ error: z.object({ message: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional() }) });
const phoneNumber = z.object({
  id: z.string().optional(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  platform_type: z.string().optional(),
  status: z.string().optional(),
  quality_rating: z.string().optional(),
});

const fields = 'display_phone_number,verified_name,platform_type,status,quality_rating';

/**
 * Checks a Cloud API channel: `GET /{phone-number-id}` with the access token. Answers whether the
 * token is refused, the number id is wrong, or the number is not registered for the Cloud API.
 */
export async function verifyCloudApiChannel(input: CloudApiVerifyInput): Promise<VerifyResult> {
  const phoneNumberId = String(input.settings.phoneNumberId ?? '');
  const base = (input.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/${encodeURIComponent(phoneNumberId)}?fields=${fields}`, {
      headers: { authorization: `Bearer ${String(input.secrets.accessToken ?? '')}` },
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch {
    return summarize([{ check: 'phoneNumber', ok: false, message: 'The Graph API could not be reached (network error or timeout): try again later' }], 'provider_unreachable');
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const parsed = graphError.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : undefined;
    const subcode = parsed.success ? parsed.data.error.error_subcode : undefined;
    const providerCode = code === undefined ? undefined : `${code}${subcode ? `/${subcode}` : ''}`;
    if (code === 190 || response.status === 401) {
      return summarize([{ check: 'accessToken', ok: false, providerCode, message: 'Meta refused the access token: it is wrong or has expired; create a system-user token with whatsapp_business_messaging' }], 'bad_credentials');
    }
    if (code === 100 || code === 803 || response.status === 404) {
      return summarize([{ check: 'phoneNumber', ok: false, providerCode, message: `No phone number has the id ${phoneNumberId}, or the token cannot see it: copy the Phone number ID from WhatsApp Manager > API Setup` }], 'wrong_number_id');
    }
    if (code === 10 || code === 200) {
      return summarize([{ check: 'accessToken', ok: false, providerCode, message: 'The access token lacks the permission for this number: grant whatsapp_business_management and whatsapp_business_messaging for its WhatsApp Business Account' }], 'bad_credentials');
    }
    return summarize([{ check: 'phoneNumber', ok: false, providerCode, message: `The Graph API answered ${response.status}${providerCode ? ` (code ${providerCode})` : ''}` }], 'provider_error');
  }
  const number = phoneNumber.safeParse(body);
  const details = number.success ? number.data : {};
  const label = details.display_phone_number ? `${details.display_phone_number}${details.verified_name ? ` (${details.verified_name})` : ''}` : phoneNumberId;
  const checks = [{ check: 'accessToken', ok: true, message: 'The access token is accepted' }];
  if (details.platform_type && details.platform_type !== 'CLOUD_API') {
    return summarize(
      [...checks, { check: 'phoneNumber', ok: false, message: `${label} is not registered for the WhatsApp Cloud API (platform ${details.platform_type}): register it in WhatsApp Manager first` }],
      'number_not_enabled',
    );
  }
  return summarize([...checks, { check: 'phoneNumber', ok: true, message: `${label} is connected to the Cloud API${details.quality_rating ? `, quality ${details.quality_rating}` : ''}` }]);
}
