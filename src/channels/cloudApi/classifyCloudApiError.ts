import { z } from 'zod';
import type { SendFailure } from '../channelTypes';

/** Graph error codes worth retrying later (rate limits, temporary outages). */
const TRANSIENT_CODES = new Set([
  1, // API unknown (temporary)
  2, // API service (temporary)
  4, // application request limit
  17, // user request limit
  32, // page request limit
  613, // calls limit
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached (80 msg/s default)
  131000, // something went wrong
  131016, // service unavailable
  131056, // (business, consumer) pair rate limit: ~1 message per 6 s to one user
  133004, // server temporarily unavailable
]);

/** Pause suggested when Meta gives no Retry-After, milliseconds. */
const DEFAULT_RETRY_AFTER_MS: Record<number, number> = { 131056: 6_000, 130429: 1_000, 80007: 60_000 };

const graphErrorBody = z.object({
  error: z.object({
    code: z.number(),
    message: z.string().optional(),
    error_subcode: z.number().optional(),
    error_data: z.object({ details: z.string().optional() }).optional(),
  }),
});

/**
 * Classify a Graph API error answer. HTTP 429 and 5xx, and the rate-limit
 * codes above, are transient; everything else is permanent with Meta's code:
 * 131047 (24 h window closed: send a template), 190 (access token invalid or
 * expired), 131026 (undeliverable / not on WhatsApp), 100 (invalid parameter,
 * e.g. a bad number), 132001 (template missing)…
 * @param retryAfterHeader the `Retry-After` header, seconds, if any.
 */
export function classifyCloudApiError(status: number, body: unknown, retryAfterHeader?: string | null): SendFailure {
  const parsed = graphErrorBody.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  const codeText = String(code ?? status);
  const reason = parsed.success
    ? describe(parsed.data.error)
    : `Graph API answered HTTP ${status} without an error body`;
  const transient = status === 429 || status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code));
  if (!transient) return { ok: false, kind: 'permanent', code: codeText, reason };
  const failure: SendFailure = { ok: false, kind: 'transient', code: codeText, reason };
  const retryAfterMs = retryAfterMsOf(retryAfterHeader) ?? (code !== undefined ? DEFAULT_RETRY_AFTER_MS[code] : undefined);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

function describe(error: z.infer<typeof graphErrorBody>['error']): string {
  const message = error.message ?? `Graph error ${error.code}`;
  const details = error.error_data?.details;
  const hint = error.code === 131047 ? ' (send an approved template)' : error.code === 190 ? ' (renew the access token)' : '';
  return `${message}${details ? `: ${details}` : ''}${hint}`;
}

function retryAfterMsOf(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
