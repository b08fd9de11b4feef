/**
 * Normalize a provider's address to E.164: `whatsapp:+15550001234` (Twilio),
 * `15550001234` (Cloud API wa_id) and `+15550001234` all give `+15550001234`.
 * Returns undefined when what remains is not 6 to 15 digits.
 */
export function toE164(address: string): string | undefined {
  const bare = address.trim().replace(/^whatsapp:/i, '');
  const digits = bare.startsWith('+') ? bare.slice(1) : bare;
  return /^[1-9]\d{5,14}$/.test(digits) ? `+${digits}` : undefined;
}
