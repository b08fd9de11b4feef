/** Short reasons for the Twilio error codes a WhatsApp sender meets most. */
const REASONS: Record<string, string> = {
  '20003': 'authentication failed: check the Account SID and Auth Token',
  '20429': 'too many requests',
  '21211': "invalid 'To' phone number",
  '21408': 'permission to send to this region is not enabled',
  '21610': 'the recipient has opted out (STOP)',
  '21614': "'To' is not a valid mobile number",
  '63003': 'the channel could not find the destination address',
  '63016': 'outside the 24-hour window: a template is required',
  '63018': 'rate limit exceeded for the WhatsApp sender',
  '63024': 'invalid message recipient',
  '63032': 'the user has blocked messages from this business',
};

/** A readable reason for a Twilio error code, or a pointer to Twilio's error page. */
export function describeTwilioErrorCode(code: string): string {
  return REASONS[code] ?? `Twilio error ${code} (see https://www.twilio.com/docs/errors/${code})`;
}
