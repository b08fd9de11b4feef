// The TwiML class alone: the whole twilio SDK (its REST client) is loaded only when a Twilio channel sends.
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';

/**
 * The empty TwiML answer for an accepted Twilio webhook
 * (`content-type: text/xml`): replies go through the outbox, never TwiML.
 */
export function renderEmptyTwiml(): string {
  return new MessagingResponse().toString();
}
