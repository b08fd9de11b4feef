import { sendJson, startRecordingServer, type RecordedRequest } from './startRecordingServer';

/** One business phone number the fake knows. */
export interface FakePhoneNumber {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  /** `CLOUD_API` when registered, `NOT_APPLICABLE` when not. */
  platformType: string;
  /** The WABA listing it, when not its account's `wabaId` (another WABA the same token sees). */
  wabaId?: string;
}

/** What one access token sees: a WhatsApp Business Account and its numbers. */
export interface FakeGraphAccount {
  accessToken: string;
  /** The WABA whose `GET /:wabaId/phone_numbers` lists the numbers. */
  wabaId: string;
  phoneNumbers: FakePhoneNumber[];
}

/** Options of the Graph phone-number fake: the main account, and other businesses' tokens. */
export interface GraphPhoneNumberFakeOptions extends FakeGraphAccount {
  /** Tokens of other businesses, each seeing only its own WABA and numbers. */
  otherAccounts?: FakeGraphAccount[];
  /** Numbers per page of a WABA's list, paged with `paging.next`. Default 100. */
  wabaPageSize?: number;
  /** Version segment served, default `v21.0`. */
  version?: string;
}

export interface GraphPhoneNumberFake {
  /** `http://127.0.0.1:<port>/v21.0`: pass as the Graph base URL. */
  graphBaseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const unknownObject = (id: string) => ({
  error: { message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AbCdEf' },
});

/**
 * A fake of `GET /:version/:phoneNumberId` (a business phone number's details) and
 * `GET /:version/:wabaId/phone_numbers` (a WABA's numbers: `data`, `paging.cursors`, `paging.next`)
 * with Graph's error bodies: 190 for an unknown token, 100 / subcode 33 for an id the token
 * cannot see (another business's number or WABA looks like one that does not exist).
 */
export async function startGraphPhoneNumberFake(options: GraphPhoneNumberFakeOptions): Promise<GraphPhoneNumberFake> {
  const version = options.version ?? 'v21.0';
  const pageSize = options.wabaPageSize ?? 100;
  const accounts = [options, ...(options.otherAccounts ?? [])];
  let baseUrl = '';
  const server = await startRecordingServer((request, response) => {
    const account = accounts.find((a) => request.headers.authorization === `Bearer ${a.accessToken}`);
    if (!account) {
      sendJson(response, 401, { error: { message: 'Error validating access token: Session has expired.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbCdEf' } });
      return;
    }
    const url = new URL(request.path, 'http://fake');
    const match = new RegExp(`^/${version.replace('.', '\\.')}/([^/]+)(/phone_numbers)?$`).exec(url.pathname);
    const id = match?.[1] ?? '';
    if (request.method === 'GET' && match?.[2]) {
      const listed = account.phoneNumbers.filter((n) => (n.wabaId ?? account.wabaId) === id);
      if (listed.length === 0 && id !== account.wabaId) return sendJson(response, 400, unknownObject(id));
      const start = Number(url.searchParams.get('after') ?? '0');
      const page = listed.slice(start, start + pageSize);
      const after = String(start + page.length);
      const more = start + page.length < listed.length;
      sendJson(response, 200, {
        data: page.map((n) => ({ id: n.id, display_phone_number: n.displayPhoneNumber, verified_name: n.verifiedName, platform_type: n.platformType, quality_rating: 'GREEN' })),
        paging: { cursors: { before: String(start), after }, ...(more ? { next: `${baseUrl}/${version}/${id}/phone_numbers?fields=id&limit=${pageSize}&after=${after}` } : {}) },
      });
      return;
    }
    const number = account.phoneNumbers.find((n) => n.id === id);
    if (request.method !== 'GET' || !number) return sendJson(response, 400, unknownObject(id));
    sendJson(response, 200, {
      id: number.id,
      display_phone_number: number.displayPhoneNumber,
      verified_name: number.verifiedName,
      platform_type: number.platformType,
      quality_rating: 'GREEN',
      status: 'CONNECTED',
    });
  });
  baseUrl = server.baseUrl;
  return { graphBaseUrl: `${server.baseUrl}/${version}`, requests: server.requests, close: server.close };
}
