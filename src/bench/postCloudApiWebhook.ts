import { buildCloudApiInbound, buildCloudApiStatus, signCloudApiBody } from '../../tests/fakes/signedCloudApiWebhook';
import type { CloudApiTarget } from './setupQuizBench';

/** Where a target listens: the engine's or the floor's base URL, and its Cloud API channel. */
export interface WebhookTarget extends CloudApiTarget {
  url: string;
  /** Several engine instances on one database: each worker's webhooks (answers and statuses) always go to the same one, chosen by its phone number. */
  instanceUrls?: string[];
}

/** A webhook ready to post: its URL, its headers with the signature, and the exact bytes signed. */
export interface SignedWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The instance a worker's webhooks go to: with N instances, its number modulo N (consecutive bench numbers spread evenly). */
function urlFor(target: WebhookTarget, phone: string): string {
  const urls = target.instanceUrls;
  if (!urls || urls.length < 2) return target.url;
  return urls[Number(phone.replace(/\D/g, '').slice(-9)) % urls.length];
}

/** Gives up on a webhook unanswered this long (a server stuck for good), milliseconds. */
export const WEBHOOK_TIMEOUT_MS = 120_000;

function signedWebhook(target: WebhookTarget, phone: string, body: object): SignedWebhook {
  const signed = signCloudApiBody(target.appSecret, body);
  return { url: `${urlFor(target, phone)}/webhooks/whatsapp/${target.channelId}`, headers: signed.headers, body: signed.body };
}

/** The HTTP status, or 0 when the request failed or timed out. */
async function post({ url, headers, body }: SignedWebhook): Promise<number> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

let counter = 0;

/** A worker's text as Meta would post it (X-Hub-Signature-256 over the exact bytes), each with a fresh wamid. */
export function signedCloudApiText(target: WebhookTarget, phone: string, text: string): SignedWebhook {
  const id = `wamid.BENCHIN${process.pid}${String(++counter).padStart(10, '0')}`;
  return signedWebhook(target, phone, buildCloudApiInbound({ phoneNumberId: target.phoneNumberId, from: phone, id, text, timestamp: Math.floor(Date.now() / 1000) }));
}

/** POSTs a worker's text; returns the HTTP status. */
export function postCloudApiText(target: WebhookTarget, phone: string, text: string): Promise<number> {
  return post(signedCloudApiText(target, phone, text));
}

/** POSTs a `delivered` status for a message the target sent; returns the HTTP status. */
export function postCloudApiDelivered(target: WebhookTarget, wamid: string, recipient: string): Promise<number> {
  return post(signedWebhook(target, recipient, buildCloudApiStatus({ phoneNumberId: target.phoneNumberId, id: wamid, status: 'delivered', recipient, timestamp: Math.floor(Date.now() / 1000) })));
}
