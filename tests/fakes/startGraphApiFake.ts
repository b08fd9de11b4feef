import { createSlidingWindowLimit } from './slidingWindowLimit';
import { createHash } from 'node:crypto';
import { readProviderJson } from './readProviderFixture';
import { sendJson, startRecordingServer, type RecordedRequest } from './startRecordingServer';

/** Canned Graph errors, from the fixture bodies; `hang` never answers (for client timeouts). */
export type GraphFakeFailure = 'pair_rate_limit' | 'throughput' | 'reengagement' | 'expired_token' | 'server_error' | 'hang';

export interface GraphApiFakeOptions {
  /** When set, any other Bearer token gets the fixture error 190 with HTTP 401. */
  accessToken?: string;
  /** Version segment served, default `v21.0`. */
  version?: string;
  /** Answer 130429 to sends beyond this many in any 1-second window (wall clock). Default: no limit. */
  rateLimitPerSecond?: number;
  /** Templates per page of `GET /:wabaId/message_templates` (Graph's `limit` is ignored). Default 2. */
  templatePageSize?: number;
}

/** A message template as Graph lists it. */
export interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: Array<{ type: string; text?: string; format?: string }>;
}

export interface GraphApiFake {
  /** `http://127.0.0.1:<port>/v21.0`: pass as `graphBaseUrl`. */
  graphBaseUrl: string;
  requests: RecordedRequest[];
  /** JSON bodies POSTed to /:phoneNumberId/messages, in order. */
  sentBodies(): unknown[];
  /** Answer the next send calls with these failures, one each. */
  failNext(...failures: GraphFakeFailure[]): void;
  /** Serve a media file at GET /:version/:mediaId (info) and its download URL. */
  addMedia(mediaId: string, data: Buffer, mimeType: string): void;
  /** Serve a large file of `totalBytes` in 64 KiB chunks, with no content-length, as fast as the client reads; `sent()` counts the bytes written before the client stopped. */
  addStreamedMedia(mediaId: string, totalBytes: number, mimeType: string): { sent(): number };
  /** The templates `GET /:version/:wabaId/message_templates` lists for a WABA, paged by `after` cursors. */
  setTemplates(wabaId: string, templates: GraphTemplate[]): void;
  close(): Promise<void>;
}

/**
 * A fake of the Graph API endpoints the channel uses:
 * `POST /:version/:phoneNumberId/messages` answering the fixture send response
 * (with a fresh `wamid.TEST…` id), media lookup plus download, and a WABA's
 * message templates paged with `paging.cursors.after` and `paging.next`.
 */
export async function startGraphApiFake(options: GraphApiFakeOptions = {}): Promise<GraphApiFake> {
  const version = options.version ?? 'v21.0';
  const errors: Record<Exclude<GraphFakeFailure, 'hang'>, { status: number; body: unknown }> = {
    pair_rate_limit: { status: 400, body: readProviderJson('graph-api/error-131056.json') },
    throughput: { status: 400, body: readProviderJson('graph-api/error-130429.json') },
    reengagement: { status: 400, body: readProviderJson('graph-api/error-131047.json') },
    expired_token: { status: 401, body: readProviderJson('graph-api/error-190.json') },
    server_error: { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } } },
  };
  const queue: GraphFakeFailure[] = [];
  const media = new Map<string, { data: Buffer; mimeType: string; stream?: { totalBytes: number; sent: number } }>();
  const templates = new Map<string, GraphTemplate[]>();
  const templatePageSize = options.templatePageSize ?? 2;
  let counter = 0;
  const withinLimit = createSlidingWindowLimit(options.rateLimitPerSecond);
  let baseUrl = '';
  const sendPath = new RegExp(`^/${version.replace('.', '\\.')}/([^/]+)/messages$`);
  const mediaPath = new RegExp(`^/${version.replace('.', '\\.')}/([^/?]+)$`);
  const templatesPath = new RegExp(`^/${version.replace('.', '\\.')}/([^/?]+)/message_templates(\\?.*)?$`);

  const server = await startRecordingServer((request, response) => {
    if (options.accessToken && request.headers.authorization !== `Bearer ${options.accessToken}`) {
      sendJson(response, errors.expired_token.status, errors.expired_token.body);
      return;
    }
    const send = sendPath.exec(request.path);
    if (request.method === 'POST' && send) {
      const failure = queue.shift();
      if (failure === 'hang') return;
      if (failure) {
        sendJson(response, errors[failure].status, errors[failure].body);
        return;
      }
      if (!withinLimit()) {
        sendJson(response, errors.throughput.status, errors.throughput.body);
        return;
      }
      counter += 1;
      const body = JSON.parse(request.rawBody) as { to?: string };
      sendJson(response, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to?.replace(/^\+/, '') }],
        messages: [{ id: `wamid.TEST${String(counter).padStart(16, '0')}OUT`, message_status: 'accepted' }],
      });
      return;
    }
    const listing = templatesPath.exec(request.path);
    if (request.method === 'GET' && listing && templates.has(listing[1])) {
      const all = templates.get(listing[1]) ?? [];
      const after = new URL(request.path, baseUrl).searchParams.get('after');
      const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) : 0;
      const end = start + templatePageSize;
      const cursor = (index: number) => Buffer.from(String(index)).toString('base64url');
      const next = new URL(request.path, baseUrl);
      next.searchParams.set('after', cursor(end));
      sendJson(response, 200, {
        data: all.slice(start, end),
        paging: { cursors: { before: cursor(start), after: cursor(end) }, ...(end < all.length ? { next: next.toString() } : {}) },
      });
      return;
    }
    const file = /^\/media-files\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && file && media.has(file[1])) {
      const item = media.get(file[1]);
      if (item?.stream) {
        const stream = item.stream;
        response.writeHead(200, { 'content-type': item.mimeType });
        const chunk = Buffer.alloc(64 * 1024, 7);
        const pump = (): void => {
          while (stream.sent < stream.totalBytes && !response.destroyed) {
            stream.sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          if (!response.destroyed) response.end();
        };
        pump();
        return;
      }
      response.writeHead(200, { 'content-type': item?.mimeType ?? 'application/octet-stream', 'content-length': String(item?.data.length ?? 0) });
      response.end(item?.data);
      return;
    }
    const info = mediaPath.exec(request.path);
    if (request.method === 'GET' && info && media.has(info[1])) {
      const item = media.get(info[1]);
      sendJson(response, 200, {
        messaging_product: 'whatsapp',
        url: `${baseUrl}/media-files/${info[1]}`,
        mime_type: item?.mimeType,
        sha256: createHash('sha256').update(item?.data ?? Buffer.alloc(0)).digest('hex'),
        file_size: String(item?.data.length ?? 0),
        id: info[1],
      });
      return;
    }
    sendJson(response, 404, { error: { message: 'Unsupported request', type: 'GraphMethodException', code: 100, error_subcode: 33 } });
  });
  baseUrl = server.baseUrl;
  return {
    graphBaseUrl: `${server.baseUrl}/${version}`,
    requests: server.requests,
    sentBodies: () =>
      server.requests.filter((r) => r.method === 'POST' && sendPath.test(r.path)).map((r): unknown => JSON.parse(r.rawBody)),
    failNext: (...failures) => queue.push(...failures),
    addMedia: (mediaId, data, mimeType) => media.set(mediaId, { data, mimeType }),
    addStreamedMedia: (mediaId, totalBytes, mimeType) => {
      const stream = { totalBytes, sent: 0 };
      media.set(mediaId, { data: Buffer.alloc(0), mimeType, stream });
      return { sent: () => stream.sent };
    },
    setTemplates: (wabaId, list) => templates.set(wabaId, list),
    close: server.close,
  };
}
