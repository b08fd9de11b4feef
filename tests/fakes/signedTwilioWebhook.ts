import twilio from 'twilio';

/** What a worker's WhatsApp message looks like to Twilio. Phone numbers E.164. */
export interface TwilioInboundInput {
  from: string;
  /** The business number. */
  to: string;
  body?: string;
  /** Default: a fresh `SM…` sid. */
  messageSid?: string;
  profileName?: string;
  /** A quick-reply tap. */
  buttonPayload?: string;
  buttonText?: string;
  media?: { url: string; contentType: string };
}

let counter = 0;

/** Form fields of an inbound WhatsApp webhook, shaped like tests/fixtures/providers/twilio/inbound-*.form. */
export function buildTwilioInboundForm(input: TwilioInboundInput): Record<string, string> {
  counter += 1;
  const sid = input.messageSid ?? `SM${String(counter).padStart(32, '0')}`;
  const form: Record<string, string> = {
    SmsMessageSid: sid,
    NumMedia: input.media ? '1' : '0',
    ProfileName: input.profileName ?? 'Test User',
    MessageType: input.media ? 'image' : input.buttonPayload ? 'button' : 'text',
    SmsSid: sid,
    WaId: input.from.replace(/^\+/, ''),
    SmsStatus: 'received',
    Body: input.body ?? input.buttonText ?? '',
    To: `whatsapp:${input.to}`,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: 'AC00000000000000000000000000000000',
    From: `whatsapp:${input.from}`,
    ApiVersion: '2010-04-01',
  };
  if (input.buttonPayload) form.ButtonPayload = input.buttonPayload;
  if (input.buttonText) form.ButtonText = input.buttonText;
  if (input.media) {
    form.MediaUrl0 = input.media.url;
    form.MediaContentType0 = input.media.contentType;
  }
  return form;
}

/** Form fields of a status callback, shaped like twilio/status-*.form. */
export function buildTwilioStatusForm(input: {
  messageSid: string;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';
  from: string;
  to: string;
  errorCode?: string;
}): Record<string, string> {
  const form: Record<string, string> = {
    ChannelPrefix: 'whatsapp',
    ApiVersion: '2010-04-01',
    MessageStatus: input.status,
    SmsSid: input.messageSid,
    SmsStatus: input.status,
    To: `whatsapp:${input.to}`,
    From: `whatsapp:${input.from}`,
    MessageSid: input.messageSid,
    AccountSid: 'AC00000000000000000000000000000000',
  };
  if (input.errorCode) form.ErrorCode = input.errorCode;
  return form;
}

/**
 * Encode form fields and sign them as Twilio does, with the twilio library's
 * own `getExpectedTwilioSignature`, for the URL the test will POST to.
 */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>) {
  const body = new URLSearchParams(params).toString();
  return {
    url,
    body,
    rawBody: Buffer.from(body),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
    },
  };
}
