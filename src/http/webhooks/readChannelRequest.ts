import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { ChannelRequest } from '../../channels/channelTypes';

/**
 * Every header of the request, names in lower case, values as the Fetch API reads them. On the
 * Node server each name of the socket's request is looked up on its own: iterating `headers`
 * would first copy them all into a sorted Fetch `Headers`, on every webhook.
 */
function readHeaders(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  const rawHeaders = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (!rawHeaders) {
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return headers;
  }
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (Object.hasOwn(headers, name)) continue;
    const value = c.req.raw.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/**
 * The request as the provider sent it: the public URL it called (PUBLIC_URL + path + query,
 * which Twilio signs), lower-case headers, and the raw body bytes (which Meta signs).
 */
export async function readChannelRequest(c: Context, publicUrl: string | undefined): Promise<ChannelRequest> {
  const called = new URL(c.req.url);
  const url = publicUrl ? `${publicUrl}${called.pathname}${called.search}` : called.toString();
  return { url, headers: readHeaders(c), rawBody: new Uint8Array(await c.req.arrayBuffer()) };
}
