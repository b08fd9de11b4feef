import { createSlidingWindowLimit } from './slidingWindowLimit';
import { z } from 'zod';
import { readProviderJson } from './readProviderFixture';
import { sendJson, startRecordingServer, type RecordedRequest } from './startRecordingServer';

/** Canned failures, from the fixture error bodies; `hang` never answers (for client timeouts). */
export type TwilioFakeFailure = 'rate_limit' | 'invalid_to' | 'server_error' | 'bad_credentials' | 'hang';

export interface TwilioApiFakeOptions {
  /** Answer 429 (20429) to creates beyond this many in any 1-second window (wall clock). Default: no limit. */
  rateLimitPerSecond?: number;
}

export interface TwilioApiFake {
  /** Pass to the adapter's `baseUrl`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Message-create requests, with their form fields decoded (repeated keys kept as arrays). */
  createdMessages(): Array<Record<string, string | string[]>>;
  /** Answer the next create calls with these failures, one each, then succeed again. */
  failNext(...failures: TwilioFakeFailure[]): void;
  /** Answer the next `succeeding` create calls normally, then these failures, one each (a failure at a known point of a burst, whatever the pace). */
  failAfter(succeeding: number, ...failures: TwilioFakeFailure[]): void;
  /** After `accepted` more creates succeed, refuse every create with 20003 (a revoked token) until `renewCredentials()`. */
  expireCredentialsAfter(accepted: number): void;
  renewCredentials(): void;
  /** Serve a media file at `/2010-04-01/Accounts/:sid/Messages/:messageSid/Media/:mediaSid`, which redirects (302) to a CDN path as Twilio does. */
  addMedia(mediaSid: string, data: Buffer, contentType: string): void;
  close(): Promise<void>;
}

const messageResource = z.record(z.string(), z.unknown());
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)\/Messages\.json$/;
const MEDIA_PATH = /^\/2010-04-01\/Accounts\/AC[0-9a-zA-Z]+\/Messages\/[A-Z]{2}[0-9a-zA-Z]+\/Media\/(ME[0-9a-zA-Z]+)$/;

/**
 * A tiny fake of Twilio's Messages API: `POST /2010-04-01/Accounts/:sid/Messages.json`
 * answers 201 with the fixture Message resource (sid, to, from, body filled in).
 */
export async function startTwilioApiFake(options: TwilioApiFakeOptions = {}): Promise<TwilioApiFake> {
  const template = messageResource.parse(readProviderJson('twilio/messages-api-create-response.json'));
  const errors: Record<Exclude<TwilioFakeFailure, 'hang'>, { status: number; body: unknown }> = {
    rate_limit: { status: 429, body: readProviderJson('twilio/messages-api-error-429.json') },
    invalid_to: { status: 400, body: readProviderJson('twilio/messages-api-error-21211.json') },
    server_error: { status: 503, body: { code: 20500, message: 'Service Unavailable', more_info: '', status: 503 } },
    bad_credentials: { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } },
  };
  const queue: TwilioFakeFailure[] = [];
  let succeedFirst = 0;
  const mediaFiles = new Map<string, { data: Buffer; contentType: string }>();
  let counter = 0;
  let acceptedUntilExpiry = Infinity;
  const withinLimit = createSlidingWindowLimit(options.rateLimitPerSecond);
  const server = await startRecordingServer((request, response) => {
    const mediaMatch = MEDIA_PATH.exec(request.path);
    if (request.method === 'GET' && mediaMatch && mediaFiles.has(mediaMatch[1])) {
      response.writeHead(302, { location: `/media-cdn/${mediaMatch[1]}` });
      response.end();
      return;
    }
    const cdn = /^\/media-cdn\/(ME[0-9a-zA-Z]+)$/.exec(request.path);
    const file = cdn ? mediaFiles.get(cdn[1]) : undefined;
    if (request.method === 'GET' && file) {
      response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.data.length) });
      response.end(file.data);
      return;
    }
    const match = MESSAGES_PATH.exec(request.path);
    if (request.method !== 'POST' || !match) {
      sendJson(response, 404, { code: 20404, message: 'not found', more_info: '', status: 404 });
      return;
    }
    const failure = acceptedUntilExpiry <= 0 ? 'bad_credentials' : succeedFirst > 0 ? void succeedFirst-- : queue.shift();
    if (failure === 'hang') return;
    if (failure) {
      sendJson(response, errors[failure].status, errors[failure].body);
      return;
    }
    if (!withinLimit()) {
      sendJson(response, errors.rate_limit.status, errors.rate_limit.body);
      return;
    }
    counter += 1;
    acceptedUntilExpiry -= 1;
    const form = new URLSearchParams(request.rawBody);
    const sid = `SM${counter.toString(16).padStart(32, '0')}`;
    const media = form.getAll('MediaUrl');
    sendJson(response, 201, {
      ...template,
      sid,
      account_sid: match[1],
      to: form.get('To'),
      from: form.get('From') ?? null,
      messaging_service_sid: form.get('MessagingServiceSid') ?? null,
      body: form.get('Body') ?? '',
      num_media: String(media.length),
      uri: `/2010-04-01/Accounts/${match[1]}/Messages/${sid}.json`,
    });
  });
  return {
    baseUrl: server.baseUrl,
    requests: server.requests,
    createdMessages: () =>
      server.requests
        .filter((r) => r.method === 'POST' && MESSAGES_PATH.test(r.path))
        .map((r) => {
          const fields: Record<string, string | string[]> = {};
          for (const [key, value] of new URLSearchParams(r.rawBody)) {
            const existing = fields[key];
            fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
          }
          return fields;
        }),
    failNext: (...failures) => queue.push(...failures),
    failAfter: (succeeding, ...failures) => {
      succeedFirst = succeeding;
      queue.push(...failures);
    },
    expireCredentialsAfter: (accepted) => {
      acceptedUntilExpiry = accepted;
    },
    renewCredentials: () => {
      acceptedUntilExpiry = Infinity;
    },
    addMedia: (mediaSid, data, contentType) => mediaFiles.set(mediaSid, { data, contentType }),
    close: server.close,
  };
}
