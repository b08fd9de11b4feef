import { FLOW_VARIABLES } from './renderText';

/** A placeholder written wrong: the text as written and how to write it. */
export type MalformedPlaceholder = { written: string; fix: string };

const WELL_FORMED = /\{\{\s*[^{}]*?\s*\}\}/g;
/** Three braces in a row, or a `{{` or `}}` left once the well-formed placeholders are out. */
const TRIPLE = /\{\{\{|\}\}\}/;
const STRAY = /\{\{|\}\}/;
/** A known variable in single braces, e.g. `{first_name}`. */
const SINGLE = new RegExp(`(?<!\\{)\\{\\s*(${Object.keys(FLOW_VARIABLES).join('|')})\\s*\\}(?!\\})`);

/** The run of non-space characters of `text` around `index`. */
function wordAt(text: string, index: number): string {
  const start = text.slice(0, index).search(/\S*$/);
  const end = index + (/^\S*/.exec(text.slice(index))?.[0].length ?? 0);
  return text.slice(start, end);
}

/**
 * The first placeholder of a text that is not `{{name}}`: a brace missing or extra
 * (`{{first_name}!`, `{first_name}}`, `{{{score}}`) or a known variable in single braces.
 * Such text would reach the worker as written.
 */
export function findMalformedPlaceholder(text: string): MalformedPlaceholder | undefined {
  const rest = text.replace(WELL_FORMED, (whole) => ' '.repeat(whole.length));
  const found = TRIPLE.exec(text) ?? STRAY.exec(rest) ?? SINGLE.exec(rest);
  if (!found) return undefined;
  const written = wordAt(text, found.index);
  const name = /[a-z_]+/i.exec(written.replace(/^[^{]*\{+/, ''))?.[0];
  return { written, fix: name ? `{{${name}}}` : '`{{name}}`' };
}
