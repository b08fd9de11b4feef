import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

export interface TwilioRestClientOptions {
  /** Account SID (`AC…`). */
  accountSid: string;
  /** The account's Auth Token (or an API key secret with `apiKeySid`). */
  authToken: string;
  /** API key SID (`SK…`) when authenticating with an API key instead of the Auth Token. */
  apiKeySid?: string;
  /**
   * Send every REST call to this origin instead of https://api.twilio.com
   * (path and query are kept), e.g. `http://127.0.0.1:4010` for a local fake.
   */
  baseUrl?: string;
  /** Request timeout, milliseconds. Default 15000. */
  timeoutMs?: number;
}

/**
 * The real twilio client. Twilio has no base-URL setting, so a custom
 * `httpClient` (the documented extension point) rewrites the origin when
 * `baseUrl` is given. Twilio's own 429 auto-retry stays off: the dispatcher
 * owns retries.
 */
export function createTwilioRestClient(options: TwilioRestClientOptions): twilio.Twilio {
  const requestOptions: RequestClient.RequestClientOptions = {
    timeout: options.timeoutMs ?? 15_000,
    autoRetry: false,
  };
  const httpClient = options.baseUrl
    ? new BaseUrlRequestClient(new URL(options.baseUrl), requestOptions)
    : new twilio.RequestClient(requestOptions);
  const username = options.apiKeySid ?? options.accountSid;
  return twilio(username, options.authToken, { accountSid: options.accountSid, httpClient });
}

class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri);
    const prefix = this.base.pathname.replace(/\/$/, '');
    const uri = `${this.base.origin}${prefix}${target.pathname}${target.search}`;
    return super.request({ ...opts, uri });
  }
}
