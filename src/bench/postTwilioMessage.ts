import twilio from 'twilio';
import type { BenchOrganization } from './setupBenchOrganization';

export interface TwilioMessage {
  phone: string;
  text: string;
  /** The provider id: the same sid twice is a provider retry. */
  messageSid: string;
}

/** POSTs one WhatsApp message as Twilio would, signed with the channel's auth token; returns the HTTP status. */
export async function postTwilioMessage(engineUrl: string, publicUrl: string, bench: BenchOrganization, message: TwilioMessage): Promise<number> {
  const path = `/webhooks/twilio/${bench.channelId}`;
  const params = {
    MessageSid: message.messageSid,
    From: `whatsapp:${message.phone}`,
    To: `whatsapp:${bench.businessNumber}`,
    Body: message.text,
    NumMedia: '0',
    ProfileName: 'Bench',
  };
  const signature = twilio.getExpectedTwilioSignature(bench.authToken, `${publicUrl}${path}`, params);
  const response = await fetch(`${engineUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}
