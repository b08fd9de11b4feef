/**
 * Twilio connection overrides, the URL fragment of the inbound webhook URL an admin pastes into
 * Twilio (Twilio reads it and does not send it): retry up to 3 times on a connect timeout, read
 * timeout or 5xx, within 15 s in all (ms), so a brief restart of the engine loses no message.
 * See https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides
 */
export const twilioConnectionOverrides = 'rc=3&rp=ct,rt,5xx&tt=15000';
