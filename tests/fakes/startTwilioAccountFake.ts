import { sendJson, startRecordingServer, type RecordedRequest } from './startRecordingServer';

/** Options of the Twilio account fake. */
export interface TwilioAccountFakeOptions {
  accountSid: string;
  authToken: string;
  /** An API key that may read the account (`SK…` and its secret). */
  apiKey?: { sid: string; secret: string };
  /** The account's incoming phone numbers, E.164. */
  phoneNumbers: string[];
  /** WhatsApp senders (E.164) with a message in the account's log, though not incoming numbers of it. */
  whatsAppSenders?: string[];
  /** The account's status. Default `active`. */
  status?: string;
}

export interface TwilioAccountFake {
  /** Pass as the Twilio base URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const ACCOUNT = /^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)(\.json|\/IncomingPhoneNumbers\.json|\/Messages\.json)(\?.*)?$/;

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function page(key: string, path: string, items: unknown[]) {
  return { [key]: items, end: Math.max(items.length - 1, 0), first_page_uri: path, next_page_uri: null, page: 0, page_size: 50, previous_page_uri: null, start: 0, uri: path };
}

/**
 * A fake of the Twilio account endpoints a connection check reads: `GET /Accounts/:sid.json`,
 * `IncomingPhoneNumbers.json?PhoneNumber=` and `Messages.json?From=`, behind HTTP Basic auth with the
 * Auth Token or an API key (401 / 20003 otherwise; 404 / 20404 for another account).
 */
export async function startTwilioAccountFake(options: TwilioAccountFakeOptions): Promise<TwilioAccountFake> {
  const server = await startRecordingServer((request, response) => {
    const auth = Buffer.from(String(request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    const allowed = [`${options.accountSid}:${options.authToken}`, ...(options.apiKey ? [`${options.apiKey.sid}:${options.apiKey.secret}`] : [])];
    if (!allowed.includes(auth)) {
      sendJson(response, 401, twilioError(401, 20003, 'Authenticate'));
      return;
    }
    const match = ACCOUNT.exec(request.path);
    if (request.method !== 'GET' || !match) {
      sendJson(response, 404, twilioError(404, 20404, 'The requested resource was not found'));
      return;
    }
    if (match[1] !== options.accountSid) {
      sendJson(response, 404, twilioError(404, 20404, `The requested resource /2010-04-01/Accounts/${match[1]}.json was not found`));
      return;
    }
    const path = request.path.split('?')[0];
    if (match[2] === '.json') {
      sendJson(response, 200, { sid: options.accountSid, friendly_name: 'Test account', status: options.status ?? 'active', type: 'Full' });
      return;
    }
    if (match[2] === '/IncomingPhoneNumbers.json') {
      const wanted = new URL(`http://x${request.path}`).searchParams.get('PhoneNumber');
      const numbers = options.phoneNumbers.filter((n) => !wanted || n === wanted).map((n, i) => ({ sid: `PN${String(i).padStart(32, '0')}`, phone_number: n, account_sid: options.accountSid }));
      sendJson(response, 200, page('incoming_phone_numbers', path, numbers));
      return;
    }
    const from = new URL(`http://x${request.path}`).searchParams.get('From');
    const senders = (options.whatsAppSenders ?? []).filter((n) => from === `whatsapp:${n}`);
    sendJson(response, 200, page('messages', path, senders.map((n, i) => ({ sid: `SM${String(i).padStart(32, '0')}`, from: `whatsapp:${n}`, to: 'whatsapp:+15550000000', status: 'delivered' }))));
  });
  return { baseUrl: server.baseUrl, requests: server.requests, close: server.close };
}
