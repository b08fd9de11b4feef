import { buildCloudApiInbound, buildCloudApiStatus, signCloudApiBody } from '../../tests/fakes/signedCloudApiWebhook';
import type { CloudApiTarget } from './setupQuizBench';

/** Where a target listens: the engine's or the floor's base URL, and its Cloud API channel. */
export interface WebhookTarget extends CloudApiTarget {
  url: string;
  /** Several engine instances on one database: each worker's webhooks (answers and statuses) always go to the same one, chosen by its phone number. */
  instanceUrls?: string[];
}

/** The instance a worker's webhooks go to: with N instances, its number modulo N (consecutive bench numbers spread evenly). */
function urlFor(target: WebhookTarget, phone: string): string {
  const urls = target.instanceUrls;
  if (!urls || urls.length < 2) return target.url;
  return urls[Number(phone.replace(/\D/g, '').slice(-9)) % urls.length];
}

/** Gives up on a webhook unanswered this long (a server stuck for good), milliseconds. */
const WEBHOOK_TIMEOUT_MS = 120_000;

/** The HTTP status, or 0 when the request failed or timed out. */
async function post(target: WebhookTarget, phone: string, body: object): Promise<number> {
  const signed = signCloudApiBody(target.appSecret, body);
  try {
    const response = await fetch(`${urlFor(target, phone)}/webhooks/whatsapp/${target.channelId}`, {
      method: 'POST', headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

let counter = 0;

/** POSTs a worker's text as Meta would (X-Hub-Signature-256 over the exact bytes); returns the HTTP status. */
export function postCloudApiText(target: WebhookTarget, phone: string, text: string): Promise<number> {
  const id = `wamid.BENCHIN${process.pid}${String(++counter).padStart(10, '0')}`;
  return post(target, phone, buildCloudApiInbound({ phoneNumberId: target.phoneNumberId, from: phone, id, text, timestamp: Math.floor(Date.now() / 1000) }));
}

/** POSTs a `delivered` status for a message the target sent; returns the HTTP status. */
export function postCloudApiDelivered(target: WebhookTarget, wamid: string, recipient: string): Promise<number> {
  return post(target, recipient, buildCloudApiStatus({ phoneNumberId: target.phoneNumberId, id: wamid, status: 'delivered', recipient, timestamp: Math.floor(Date.now() / 1000) }));
}
