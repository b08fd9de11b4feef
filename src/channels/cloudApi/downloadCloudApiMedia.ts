import { z } from 'zod';
import type { MediaDownload, SendFailure } from '../channelTypes';
import { describeRequestFailure } from '../classifyNetworkError';
import { readStreamChunks } from '../readStreamChunks';
import { classifyCloudApiError } from './classifyCloudApiError';
import { graphUrl, type CloudApiClientOptions } from './cloudApiClientOptions';

export interface DownloadCloudApiMediaOptions extends CloudApiClientOptions {
  /** Refuse files larger than this, bytes. Default 100 MiB (the Cloud API document limit). */
  maxBytes?: number;
}

const mediaInfo = z.object({ url: z.url(), mime_type: z.string().min(1), sha256: z.string().optional() });

/**
 * Fetch an inbound media file by its id: `GET {graphBaseUrl}/{mediaId}` for
 * a short-lived URL, then GET that URL, both with the access token. Call it
 * soon after the message arrives: the URL expires within minutes. The file comes as a stream;
 * a declared length over `maxBytes` is refused before reading.
 */
export async function downloadCloudApiMedia(options: DownloadCloudApiMediaOptions, mediaId: string): Promise<MediaDownload> {
  const doFetch = options.fetch ?? fetch;
  const headers = { authorization: `Bearer ${options.accessToken}` };
  const timeout = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  try {
    const infoResponse = await doFetch(graphUrl(options, encodeURIComponent(mediaId)), {
      headers,
      signal: AbortSignal.timeout(timeout),
    });
    const infoBody: unknown = await infoResponse.json().catch(() => undefined);
    if (!infoResponse.ok) return classifyCloudApiError(infoResponse.status, infoBody, infoResponse.headers.get('retry-after'));
    const info = mediaInfo.safeParse(infoBody);
    if (!info.success) {
      return { ok: false, kind: 'permanent', code: 'unexpected_response', reason: `media ${mediaId}: Graph API gave no download url` };
    }
    const fileResponse = await doFetch(info.data.url, { headers, signal: AbortSignal.timeout(timeout) });
    if (!fileResponse.ok) {
      const body: unknown = await fileResponse.json().catch(() => undefined);
      return classifyCloudApiError(fileResponse.status, body, fileResponse.headers.get('retry-after'));
    }
    const declared = Number(fileResponse.headers.get('content-length') ?? '0');
    if (declared > maxBytes || !fileResponse.body) {
      await fileResponse.body?.cancel();
      return declared > maxBytes
        ? tooLarge(mediaId, declared, maxBytes)
        : { ok: false, kind: 'transient', code: 'empty_body', reason: `media ${mediaId}: the download answered without a body` };
    }
    return {
      ok: true,
      body: readStreamChunks(fileResponse.body),
      maxBytes,
      mimeType: info.data.mime_type,
      ...(info.data.sha256 ? { sha256: info.data.sha256 } : {}),
    };
  } catch (error) {
    return describeRequestFailure(error, 'download failed');
  }
}

function tooLarge(mediaId: string, size: number, maxBytes: number): SendFailure {
  return { ok: false, kind: 'permanent', code: 'too_large', reason: `media ${mediaId} is ${size} bytes, over the ${maxBytes}-byte limit` };
}
