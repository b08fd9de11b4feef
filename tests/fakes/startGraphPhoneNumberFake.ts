import { sendJson, startRecordingServer, type RecordedRequest } from './startRecordingServer';

/** One business phone number the fake knows. */
export interface FakePhoneNumber {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  /** `CLOUD_API` when registered, `NOT_APPLICABLE` when not. */
  platformType: string;
}

/** Options of the Graph phone-number fake. */
export interface GraphPhoneNumberFakeOptions {
  /** The one token accepted; others get error 190 with HTTP 401. */
  accessToken: string;
  phoneNumbers: FakePhoneNumber[];
  /** Version segment served, default `v21.0`. */
  version?: string;
}

export interface GraphPhoneNumberFake {
  /** `http://127.0.0.1:<port>/v21.0`: pass as the Graph base URL. */
  graphBaseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A fake of `GET /:version/:phoneNumberId` (a business phone number's details) with Graph's
 * error bodies: 190 for a bad token, 100 / subcode 33 for an unknown id.
 */
export async function startGraphPhoneNumberFake(options: GraphPhoneNumberFakeOptions): Promise<GraphPhoneNumberFake> {
  const version = options.version ?? 'v21.0';
  const server = await startRecordingServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      sendJson(response, 401, { error: { message: 'Error validating access token: Session has expired.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbCdEf' } });
      return;
    }
    const match = new RegExp(`^/${version.replace('.', '\\.')}/([^/?]+)(\\?.*)?$`).exec(request.path);
    const number = match ? options.phoneNumbers.find((n) => n.id === match[1]) : undefined;
    if (request.method !== 'GET' || !number) {
      sendJson(response, 400, {
        error: { message: `Unsupported get request. Object with ID '${match?.[1] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AbCdEf' },
      });
      return;
    }
    sendJson(response, 200, {
      id: number.id,
      display_phone_number: number.displayPhoneNumber,
      verified_name: number.verifiedName,
      platform_type: number.platformType,
      quality_rating: 'GREEN',
      status: 'CONNECTED',
    });
  });
  return { graphBaseUrl: `${server.baseUrl}/${version}`, requests: server.requests, close: server.close };
}
