import type { Context } from 'hono';
import type { ChannelRequest } from '../../channels/channelTypes';

/**
 * The request as the provider sent it: the public URL it called (PUBLIC_URL + path + query,
 * which Twilio signs), lower-case headers, and the raw body bytes (which Meta signs).
 */
export async function readChannelRequest(c: Context, publicUrl: string | undefined): Promise<ChannelRequest> {
  const called = new URL(c.req.url);
  const url = publicUrl ? `${publicUrl}${called.pathname}${called.search}` : called.toString();
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { url, headers, rawBody: new Uint8Array(await c.req.arrayBuffer()) };
}
