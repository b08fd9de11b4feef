import type { MediaDownload, SendFailure } from '../channelTypes';
import { describeRequestFailure } from '../classifyNetworkError';
import { readStreamChunks } from '../readStreamChunks';

export interface DownloadTwilioMediaOptions {
  /** Account SID (`AC…`), the basic-auth user. */
  accountSid: string;
  /** Auth Token, the basic-auth password (needed when media URLs are protected, harmless otherwise). */
  authToken: string;
  /** Origin that stands in for https://api.twilio.com, e.g. a local fake. */
  baseUrl?: string;
  /** Refuse files larger than this, bytes. Default 16 MiB (WhatsApp media limit on Twilio). */
  maxBytes?: number;
  /** Request timeout, milliseconds. Default 30000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/**
 * Fetch an inbound Twilio media file (`MediaUrl0`) with the account's basic
 * auth, following Twilio's redirect to its media store. Only Twilio API URLs
 * are fetched, so the credentials never go elsewhere. The body is handed over
 * as a stream; a declared length over `maxBytes` is refused before reading.
 */
export async function downloadTwilioMedia(options: DownloadTwilioMediaOptions, mediaUrl: string): Promise<MediaDownload> {
  let target: URL;
  try {
    target = new URL(mediaUrl);
  } catch {
    return refuse(`media URL '${mediaUrl}' is not a URL`);
  }
  if (target.origin !== TWILIO_API_ORIGIN) return refuse(`media URL must start with ${TWILIO_API_ORIGIN}`);
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const url = base ? `${base.origin}${base.pathname.replace(/\/$/, '')}${target.pathname}${target.search}` : target.href;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}` },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (!response.ok) {
      const status = response.status;
      const reason = `Twilio media download answered HTTP ${status}`;
      return status === 429 || status >= 500
        ? { ok: false, kind: 'transient', code: String(status), reason }
        : { ok: false, kind: 'permanent', code: String(status), reason };
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes || !response.body) {
      await response.body?.cancel();
      return declared > maxBytes
        ? { ok: false, kind: 'permanent', code: 'too_large', reason: `media is ${declared} bytes, over the ${maxBytes}-byte limit` }
        : { ok: false, kind: 'transient', code: 'empty_body', reason: 'Twilio media download answered without a body' };
    }
    return { ok: true, body: readStreamChunks(response.body), maxBytes, mimeType: response.headers.get('content-type') ?? 'application/octet-stream' };
  } catch (error) {
    return describeRequestFailure(error, 'download failed');
  }
}

function refuse(reason: string): SendFailure {
  return { ok: false, kind: 'permanent', code: 'invalid_media_url', reason };
}
