import { z } from 'zod';
import { DEFAULT_GRAPH_BASE_URL } from '../channels/cloudApi/cloudApiClientOptions';
import { summarize, type VerifyCheck, type VerifyResult } from './verifyTypes';

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
const wabaNumbers = z.object({ data: z.array(z.object({ id: z.string() })), paging: z.object({ next: z.string().optional() }).optional() });
/** Pages of a WABA's numbers read at most (100 numbers a page). */
const MAX_WABA_PAGES = 10;

type WabaAnswer = { sees: boolean } | { refused: number; providerCode?: string } | { unreachable: true };

function providerCodeOf(body: unknown): { code?: number; providerCode?: string } {
  const parsed = graphError.safeParse(body);
  if (!parsed.success) return {};
  const { code, error_subcode: subcode } = parsed.data.error;
  return { code, providerCode: code === undefined ? undefined : `${code}${subcode ? `/${subcode}` : ''}` };
}

/** Whether `GET /{waba-id}/phone_numbers`, as the token sees it, lists the phone number id (following `paging.next`). */
async function readWabaNumbers(base: string, wabaId: string, phoneNumberId: string, token: string, timeoutMs: number): Promise<WabaAnswer> {
  let url: string | undefined = `${base}/${encodeURIComponent(wabaId)}/phone_numbers?fields=id&limit=100`;
  for (let page = 0; url && page < MAX_WABA_PAGES; page += 1) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return { unreachable: true };
    }
    const body: unknown = await response.json().catch(() => ({}));
    if (!response.ok) return { refused: response.status, providerCode: providerCodeOf(body).providerCode };
    const listed = wabaNumbers.safeParse(body);
    if (!listed.success) return { refused: response.status };
    if (listed.data.data.some((number) => number.id === phoneNumberId)) return { sees: true };
    url = listed.data.paging?.next;
  }
  return { sees: false };
}

/**
 * Checks a Cloud API channel: `GET /{phone-number-id}` with the access token, then
 * `GET /{waba-id}/phone_numbers`: the token must see the number under the channel's WABA, which
 * is what proves the number is the channel's (`claimPhoneNumberId`). Answers whether the token is
 * refused, the number id is wrong, the number is not registered for the Cloud API, or the WABA
 * cannot be read or does not list the number.
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
    const { code, providerCode } = providerCodeOf(body);
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
  const connected = [...checks, { check: 'phoneNumber', ok: true, message: `${label} is connected to the Cloud API${details.quality_rating ? `, quality ${details.quality_rating}` : ''}` }];
  const waba = await checkWaba(base, input, phoneNumberId);
  return summarize([...connected, waba.check], waba.problem);
}

async function checkWaba(base: string, input: CloudApiVerifyInput, phoneNumberId: string): Promise<{ check: VerifyCheck; problem?: string }> {
  const wabaId = typeof input.settings.wabaId === 'string' ? input.settings.wabaId : '';
  if (!wabaId) {
    return { problem: 'wrong_waba', check: { check: 'waba', ok: false, message: 'settings.wabaId is not set: give the WhatsApp Business Account id from WhatsApp Manager, under which the number is listed' } };
  }
  const answer = await readWabaNumbers(base, wabaId, phoneNumberId, String(input.secrets.accessToken ?? ''), input.timeoutMs ?? 10_000);
  if ('unreachable' in answer) {
    return { problem: 'provider_unreachable', check: { check: 'waba', ok: false, message: 'The Graph API could not be reached (network error or timeout) while listing the WhatsApp Business Account numbers: try again later' } };
  }
  if ('refused' in answer) {
    const message = `The access token cannot list the numbers of WhatsApp Business Account ${wabaId} (HTTP ${answer.refused}): check settings.wabaId and that the token's system user has this account as an asset`;
    return { problem: 'wrong_waba', check: { check: 'waba', ok: false, message, ...(answer.providerCode ? { providerCode: answer.providerCode } : {}) } };
  }
  if (answer.sees) return { check: { check: 'waba', ok: true, message: `The number is listed under WhatsApp Business Account ${wabaId}` } };
  const message = `The access token does not see phone number id ${phoneNumberId} under WhatsApp Business Account ${wabaId}: check settings.phoneNumberId and settings.wabaId`;
  return { problem: 'number_not_in_waba', check: { check: 'waba', ok: false, message } };
}
