import { matchTemplateLanguage } from './matchTemplateLanguage';

/** An approved template as a channel's adapter sends it: its exact language code and, on Twilio, its Content SID. */
export interface RegisteredTemplate {
  name: string;
  language: string;
  contentSid: string | null;
}

/**
 * The registered template a send of `name` in `language` goes out as, picked as the checks pick
 * it (`matchTemplateLanguage`: `en` finds the only English one, `en_US`); undefined when none.
 */
export function pickRegisteredTemplate(registered: RegisteredTemplate[], wanted: { name: string; language: string }): RegisteredTemplate | undefined {
  return matchTemplateLanguage(registered.filter((t) => t.name === wanted.name), wanted.language);
}
