import { createHmac } from 'node:crypto';

/** One inbound Cloud API message; phone numbers E.164, time in epoch seconds. */
export interface CloudApiInboundInput {
  phoneNumberId: string;
  from: string;
  profileName?: string;
  /** Default: a fresh `wamid.TEST…`. */
  id?: string;
  /** Epoch seconds. Default 1700000000. */
  timestamp?: number;
  text?: string;
  buttonReply?: { id: string; title: string };
  listReply?: { id: string; title: string };
  image?: { id: string; mimeType: string; caption?: string };
}

let counter = 0;

/** A webhook body with one message, shaped like tests/fixtures/providers/cloud-api/*.json. */
export function buildCloudApiInbound(input: CloudApiInboundInput): object {
  counter += 1;
  const waId = input.from.replace(/^\+/, '');
  const message: Record<string, unknown> = {
    from: waId,
    id: input.id ?? `wamid.TESTBUILT${String(counter).padStart(12, '0')}`,
    timestamp: String(input.timestamp ?? 1_700_000_000),
  };
  if (input.buttonReply) Object.assign(message, { type: 'interactive', interactive: { type: 'button_reply', button_reply: input.buttonReply } });
  else if (input.listReply) Object.assign(message, { type: 'interactive', interactive: { type: 'list_reply', list_reply: input.listReply } });
  else if (input.image)
    Object.assign(message, { type: 'image', image: { id: input.image.id, mime_type: input.image.mimeType, ...(input.image.caption ? { caption: input.image.caption } : {}) } });
  else Object.assign(message, { type: 'text', text: { body: input.text ?? '' } });
  return envelope(input.phoneNumberId, {
    contacts: [{ profile: { name: input.profileName ?? 'Test User' }, wa_id: waId }],
    messages: [message],
  });
}

/** A webhook body with one status. */
export function buildCloudApiStatus(input: {
  phoneNumberId: string;
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
  /** Epoch seconds. */
  timestamp?: number;
  errorCode?: number;
}): object {
  const status: Record<string, unknown> = {
    id: input.id,
    status: input.status,
    timestamp: String(input.timestamp ?? 1_700_000_100),
    recipient_id: input.recipient.replace(/^\+/, ''),
  };
  if (input.errorCode !== undefined) {
    status.errors = [{ code: input.errorCode, title: `Error ${input.errorCode}`, message: `Error ${input.errorCode}` }];
  }
  return envelope(input.phoneNumberId, { statuses: [status] });
}

/** Serialize once and sign those exact bytes: `X-Hub-Signature-256: sha256=<hmac>`. */
export function signCloudApiBody(appSecret: string, body: object | string) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const rawBody = Buffer.from(text);
  return {
    body: text,
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`,
    },
  };
}

function envelope(phoneNumberId: string, value: Record<string, unknown>): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '000000000000001',
        changes: [
          {
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId }, ...value },
            field: 'messages',
          },
        ],
      },
    ],
  };
}
