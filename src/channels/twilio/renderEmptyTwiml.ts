import twilio from 'twilio';

/**
 * The empty TwiML answer for an accepted Twilio webhook
 * (`content-type: text/xml`): replies go through the outbox, never TwiML.
 */
export function renderEmptyTwiml(): string {
  return new twilio.twiml.MessagingResponse().toString();
}
