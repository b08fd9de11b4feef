import { matchOptionLoosely } from './matchOptionLoosely';
import { normalizeText } from './normalizeText';
import { readNumberWord } from './readNumberWord';

/** An option as the parser sees it: its id and its title in every language. */
export type AnswerOption = { id: string; titles: string[] };

/** What a worker's message means for a touchpoint with options. */
export type ParsedAnswer =
  | { kind: 'option'; optionId: string; via: 'replyId' | 'letter' | 'number' | 'text' | 'nearText' }
  | { kind: 'unrecognized' };

/**
 * Matches a worker's answer to one of the options: an interactive reply id,
 * an option letter ("b", "B)") or number ("2", "2.", "two", "dos"), or the option text in
 * any language, ignoring case, accents and punctuation, and then, when exactly one option is
 * near it, a near miss of its text (a typo or two, an article around it).
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
  const number = /^\d+$/.test(normalized) ? Number(normalized) : readNumberWord(normalized);
  if (number !== null) {
    const option = options[number - 1];
    return option ? { kind: 'option', optionId: option.id, via: 'number' } : { kind: 'unrecognized' };
  }
  if (/^[a-z]$/.test(normalized)) {
    const option = options[normalized.charCodeAt(0) - 97];
    return option ? { kind: 'option', optionId: option.id, via: 'letter' } : { kind: 'unrecognized' };
  }
  const byIdText = options.find((o) => normalizeText(o.id) === normalized);
  if (byIdText) return { kind: 'option', optionId: byIdText.id, via: 'replyId' };
  const near = matchOptionLoosely(normalized, options.map((o) => ({ id: o.id, titles: o.titles.map(normalizeText) })));
  return near ? { kind: 'option', optionId: near, via: 'nearText' } : { kind: 'unrecognized' };
}

/** Reads a 1–5 well-being answer: a digit, or an option reply id "1".."5". */
export function parseWellBeing(text: string, replyId?: string): number | null {
  const source = replyId ?? normalizeText(text);
  const match = /^([1-5])$/.exec(source) ?? /^([1-5])\b/.exec(normalizeText(text));
  return match ? Number(match[1]) : null;
}
