import type { LocalizedText } from './flowSchema';

/** Variables a flow text may use, with what they stand for. */
export const FLOW_VARIABLES: Record<string, string> = {
  first_name: "the worker's first name",
  score: 'quiz points so far',
  max_score: 'quiz points available in the journey',
  badge: 'name of the last badge awarded',
  wellbeing: 'the last well-being answer (1-5)',
};

/** Values for the variables, already turned into text. */
export type TextVariables = Record<keyof typeof FLOW_VARIABLES, string>;

/** Names of the `{{variables}}` used in a text. */
export function listVariables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]);
}

/** Picks the text in `language`, else in `fallback`, else the first one. */
export function pickLanguage(text: LocalizedText, language: string, fallback: string): string {
  return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/** Fills `{{variable}}` placeholders; unknown ones are left as written. */
export function fillVariables(text: string, variables: TextVariables): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, name: string) => variables[name] ?? whole);
}
