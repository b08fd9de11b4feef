import { summarize, type VerifyCheck, type VerifyResult } from './verifyTypes';

/** What a Twilio check needs. */
export interface TwilioVerifyInput {
  settings: Record<string, unknown>;
  secrets: Record<string, unknown>;
  /** Twilio's origin (a local fake in tests). */
  baseUrl?: string;
  /** Per request, milliseconds. Default 10000. */
  timeoutMs?: number;
}

/** Twilio's WhatsApp sandbox sender, which no account owns as an incoming number. */
const SANDBOX_SENDER = '+14155238886';

interface TwilioFailure {
  status?: number;
  code?: number | string;
}

function failureOf(error: unknown): TwilioFailure {
  if (typeof error !== 'object' || error === null) return {};
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error && (typeof error.code === 'number' || typeof error.code === 'string') ? error.code : undefined;
  return { status, code };
}

/** Words for a failed Twilio call; the problem code first. */
function explain(error: unknown, what: string): { problem: string; check: Omit<VerifyCheck, 'check'> } {
  const { status, code } = failureOf(error);
  const providerCode = code === undefined ? undefined : String(code);
  if (status === 401 || code === 20003) {
    return { problem: 'bad_credentials', check: { ok: false, providerCode, message: `Twilio refused the ${what}: it is wrong, revoked, or belongs to another account` } };
  }
  if (status === 404 || code === 20404) {
    return { problem: 'account_not_found', check: { ok: false, providerCode, message: 'Twilio knows no account with this Account SID (or these credentials cannot see it): check accountSid' } };
  }
  if (status === undefined) {
    return { problem: 'provider_unreachable', check: { ok: false, message: 'Twilio could not be reached (network error or timeout): try again later' } };
  }
  return { problem: 'provider_error', check: { ok: false, providerCode, message: `Twilio answered ${status}${providerCode ? ` (code ${providerCode})` : ''}` } };
}

/**
 * Checks a Twilio channel: the Auth Token opens the account, the API key (when set) too, and the
 * sender is an incoming phone number of the account or has sent WhatsApp messages through it (the
 * sandbox sender excepted). Secrets never appear in the answer.
 */
export async function verifyTwilioChannel(input: TwilioVerifyInput): Promise<VerifyResult> {
  const accountSid = String(input.settings.accountSid ?? '');
  const authToken = String(input.secrets.authToken ?? '');
  const apiKeySid = typeof input.secrets.apiKeySid === 'string' ? input.secrets.apiKeySid : undefined;
  const apiKeySecret = typeof input.secrets.apiKeySecret === 'string' ? input.secrets.apiKeySecret : undefined;
  const common = { accountSid, baseUrl: input.baseUrl, timeoutMs: input.timeoutMs ?? 10_000 };
  const checks: VerifyCheck[] = [];
  // Imported here: the twilio SDK is loaded by the first check or send, not with the API.
  const { createTwilioRestClient } = await import('../channels/twilio/createTwilioRestClient');

  const byToken = createTwilioRestClient({ ...common, authToken });
  try {
    const account = await byToken.api.v2010.accounts(accountSid).fetch();
    const active = account.status === 'active';
    checks.push({ check: 'authToken', ok: active, message: active ? 'The Auth Token opens the account' : `The account is ${account.status}: reactivate it in the Twilio console` });
    if (!active) return summarize(checks, 'account_not_active');
  } catch (error) {
    const { problem, check } = explain(error, 'Auth Token');
    checks.push({ check: 'authToken', ...check });
    return summarize(checks, problem);
  }

  const sender = apiKeySid && apiKeySecret ? createTwilioRestClient({ ...common, authToken: apiKeySecret, apiKeySid }) : byToken;
  if (apiKeySid && apiKeySecret) {
    try {
      await sender.messages.list({ limit: 1 });
      checks.push({ check: 'apiKey', ok: true, message: 'The API key can read the account\'s messages' });
    } catch (error) {
      const { problem, check } = explain(error, 'API key (apiKeySid / apiKeySecret)');
      checks.push({ check: 'apiKey', ...check });
      return summarize(checks, problem);
    }
  }

  const from = typeof input.settings.from === 'string' ? input.settings.from : undefined;
  if (from && from !== SANDBOX_SENDER) {
    try {
      // A WhatsApp sender may be a number bought elsewhere (registered with Twilio, not an incoming
      // number of the account): then the messages it sent through the account show it works.
      const owned = (await byToken.incomingPhoneNumbers.list({ phoneNumber: from, limit: 1 })).length > 0;
      const sent = !owned && (await sender.messages.list({ from: `whatsapp:${from}`, limit: 1 })).length > 0;
      checks.push({
        check: 'sender',
        ok: owned || sent,
        message: owned
          ? `${from} is a number of this account`
          : sent
            ? `${from} has sent WhatsApp messages through this account`
            : `${from} is neither a phone number of this Twilio account nor a WhatsApp sender that has sent through it: check settings.from (the WhatsApp sender, E.164)`,
      });
      if (!owned && !sent) return summarize(checks, 'number_not_found');
    } catch (error) {
      const { problem, check } = explain(error, 'Auth Token');
      checks.push({ check: 'sender', ...check });
      return summarize(checks, problem);
    }
  }
  return summarize(checks);
}
