import type { ReadableStream } from 'node:stream/web';
import type { Response } from 'undici';
import type { OutboundFetch } from '../../outbound/createOutboundFetch';
import { describeRedirect } from '../../outbound/describeRedirect';
import { outboundRefusalIn } from '../../outbound/outboundAddressRefused';
import type { MediaKind, OutboundMessage, SendFailure } from '../channelTypes';
import { classifyNetworkError } from '../classifyNetworkError';

/** A media touchpoint's file as a flow names it. */
export type OutboundMedia = NonNullable<OutboundMessage['media']>;

/** The file with its bytes, fetched by the engine, and the type its server gave. */
export type FetchedMedia = OutboundMedia & { data: Buffer; mimeType?: string };

export type MediaFetchResult = { ok: true; media: FetchedMedia } | SendFailure;

/** Fetches a media touchpoint's file for a send (`downloadOutboundMedia` with the engine's guarded fetch). */
export type FetchOutboundMedia = (media: OutboundMedia) => Promise<MediaFetchResult>;

const MiB = 1024 * 1024;

/** WhatsApp's size limits for media a business sends, bytes. */
const whatsAppMediaLimits: Record<MediaKind, number> = { image: 5 * MiB, audio: 16 * MiB, video: 16 * MiB, document: 100 * MiB };

/** The whole download, answer and body, must finish within this (the other media downloads' timeout). */
const DOWNLOAD_TIMEOUT_MS = 30_000;

const publicOnlyHint = 'media URLs must point at public addresses (an operator may allow a network with OUTBOUND_ALLOWED_NETWORKS)';

const permanent = (code: string, reason: string): SendFailure => ({ ok: false, kind: 'permanent', code, reason });
// Nothing reached WhatsApp yet, so a retry can never duplicate the message: never in doubt.
const transient = (code: string, reason: string): SendFailure => ({ ok: false, kind: 'transient', code, reason });

/**
 * Downloads a media touchpoint's file, as a linked-device (Baileys) channel must before sending it:
 * through the outbound guard (`createOutboundFetch`: only public addresses or the operator's
 * allowed networks, checked at connect; redirects not followed), within WhatsApp's size limit for
 * its kind and a 30-second timeout. A URL the guard refuses, a redirect, a 4xx or an oversized file
 * is that message's own problem (permanent); a 5xx, 429, timeout or network error is transient.
 */
export async function downloadOutboundMedia(fetch: OutboundFetch, media: OutboundMedia): Promise<MediaFetchResult> {
  const url = URL.canParse(media.url) ? new URL(media.url) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') return permanent('media_url', `media URL ${media.url.slice(0, 200)} is not an http or https URL`);
  const maxBytes = whatsAppMediaLimits[media.kind];
  try {
    const response = await fetch(url.href, { method: 'GET', headers: {}, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    const refused = refuseAnswer(response, media.kind, maxBytes);
    if (refused) {
      await response.body?.cancel();
      return refused;
    }
    const data = response.body ? await readWithin(response.body, maxBytes) : Buffer.alloc(0);
    if (!data) return tooLarge(media.kind, maxBytes);
    return { ok: true, media: { ...media, data, mimeType: response.headers.get('content-type') ?? undefined } };
  } catch (error) {
    return describeDownloadError(error, url.hostname);
  }
}

function describeDownloadError(error: unknown, host: string): SendFailure {
  const refusal = outboundRefusalIn(error);
  if (refusal) return permanent('media_refused', `media not fetched: ${refusal.message}; ${publicOnlyHint}`);
  const network = classifyNetworkError(error);
  if (network?.code === 'timeout') return transient('media_timeout', `media not fetched: ${host} did not answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`);
  const why = network ? network.reason : error instanceof Error ? error.message : String(error);
  return transient('media_unreachable', `media not fetched from ${host}: ${why}`);
}

function refuseAnswer(response: Response, kind: OutboundMedia['kind'], maxBytes: number): SendFailure | undefined {
  const answered = `media not fetched: its URL answered ${response.status}`;
  if (response.status >= 300 && response.status <= 399) return permanent('media_redirect', `${answered}${describeRedirect(response)}`);
  if (response.status === 429 || response.status >= 500) return transient('media_unavailable', answered);
  if (!response.ok) return permanent('media_unavailable', answered);
  const declared = Number(response.headers.get('content-length') ?? '0');
  return declared > maxBytes ? tooLarge(kind, maxBytes) : undefined;
}

function tooLarge(kind: OutboundMedia['kind'], maxBytes: number): SendFailure {
  return permanent('media_too_large', `media not sent: the file is over WhatsApp's ${maxBytes / MiB} MiB limit for ${kind === 'image' ? 'an image' : `a ${kind}`}`);
}

/** The body's bytes, or undefined as soon as they pass `maxBytes` (leaving the loop cancels the download). */
async function readWithin(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
