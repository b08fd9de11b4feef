import { normalizeText } from './normalizeText';

/** An option as the parser sees it: its id and its title in every language. */
export type AnswerOption = { id: string; titles: string[] };

/** What a worker's message means for a touchpoint with options. */
export type ParsedAnswer =
  | { kind: 'option'; optionId: string; via: 'replyId' | 'letter' | 'number' | 'text' }
  | { kind: 'unrecognized' };

/**
 * Matches a worker's answer to one of the options: an interactive reply id,
 * an option letter ("b", "B)") or number ("2", "2."), or the option text in
 * any language, ignoring case, accents and punctuation.
 */
export function parseAnswer(text: string, options: AnswerOption[], replyId?: string): ParsedAnswer {
  if (replyId) {
    const byId = options.find((o) => o.id === replyId);
    if (byId) return { kind: 'option', optionId: byId.id, via: 'replyId' };
  }
  const normalized = normalizeText(text);
  if (normalized === '') return { kind: 'unrecognized' };
  const byText = options.find((o) => o.titles.some((t) => normalizeText(t) === normalized));
  if (byText) return { kind: 'option', optionId: byText.id, via: 'text' };
  if (/^\d+$/.test(normalized)) {
    const option = options[Number(normalized) - 1];
    return option ? { kind: 'option', optionId: option.id, via: 'number' } : { kind: 'unrecognized' };
  }
  if (/^[a-z]$/.test(normalized)) {
    const option = options[normalized.charCodeAt(0) - 97];
    return option ? { kind: 'option', optionId: option.id, via: 'letter' } : { kind: 'unrecognized' };
  }
  const byIdText = options.find((o) => normalizeText(o.id) === normalized);
  if (byIdText) return { kind: 'option', optionId: byIdText.id, via: 'replyId' };
  return { kind: 'unrecognized' };
}

/** Reads a 1–5 well-being answer: a digit, or an option reply id "1".."5". */
export function parseWellBeing(text: string, replyId?: string): number | null {
  const source = replyId ?? normalizeText(text);
  const match = /^([1-5])$/.exec(source) ?? /^([1-5])\b/.exec(normalizeText(text));
  return match ? Number(match[1]) : null;
}
