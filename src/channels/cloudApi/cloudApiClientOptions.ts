/** Connection settings shared by the Cloud API sender and media downloader. */
export interface CloudApiClientOptions {
  /** System-user or app access token (Bearer). */
  accessToken: string;
  /** Graph API base including the version. Default `https://graph.facebook.com/v21.0`; point at a local fake in tests. */
  graphBaseUrl?: string;
  /** Per-request timeout, milliseconds. Default 15000. */
  timeoutMs?: number;
  /** fetch implementation of the media downloader (default: global fetch); sends go through `postJson`. */
  fetch?: typeof fetch;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

export function graphUrl(options: CloudApiClientOptions, path: string): string {
  return `${(options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/$/, '')}/${path}`;
}
