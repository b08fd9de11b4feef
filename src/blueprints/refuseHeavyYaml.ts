import { Lexer, LineCounter } from 'yaml';

/** Tokens a YAML text may have: the largest example flow has about 2,000, so this is some 80 KB of flow. */
export const YAML_TOKEN_LIMIT = 20_000;
/** Brackets (`[`, `{`) open at once: a flow file needs a few. */
export const YAML_FLOW_DEPTH_LIMIT = 64;
/** Indentation plus `- ` and `? ` indicators on one line: a flow file needs a few dozen. */
export const YAML_LINE_DEPTH_LIMIT = 128;

/** The lexer's control tokens (document start, flow error end, scalar): not text of the source. */
const controlTokens = new Set(['\x02', '\x18', '\x1f']);

export interface HeavyYaml {
  line: number;
  column: number;
  message: string;
}

/**
 * Refuses a YAML text before it is parsed when parsing it would hold the event loop: the yaml
 * library parses tens of kilobytes a second of hostile text (a megabyte of brackets, or of
 * `- - - …`, blocks the process for half a minute) and overflows the stack past some 800 levels.
 * The lexer walks the text once, linearly, and stops at the first limit passed; strings and
 * comments are single tokens, so their brackets do not count.
 */
export function refuseHeavyYaml(source: string): HeavyYaml | undefined {
  let offset = 0;
  let tokens = 0;
  let flowDepth = 0;
  let lineDepth = 0;
  let lineStart = true;
  // Fed the line starts as the lexer passes them, as the yaml parser feeds it.
  const lines = new LineCounter();
  lines.addNewLine(0);
  const at = (message: string): HeavyYaml => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col, message };
  };
  for (const token of new Lexer().lex(source)) {
    if (controlTokens.has(token)) continue;
    tokens++;
    if (tokens > YAML_TOKEN_LIMIT) {
      return at(`is too large to check: more than ${YAML_TOKEN_LIMIT.toLocaleString('en')} YAML tokens (a flow has a few thousand); split it into several files`);
    }
    if (token === '\n' || token === '\r\n') {
      lineDepth = 0;
      lineStart = true;
      lines.addNewLine(offset + token.length);
    } else if (lineStart && /^ +$/.test(token)) {
      lineDepth += token.length;
    } else if (token === '-' || token === '?') {
      lineDepth += 2;
    } else if (token === '[' || token === '{') {
      flowDepth++;
      if (flowDepth > YAML_FLOW_DEPTH_LIMIT) return at(`nests more than ${YAML_FLOW_DEPTH_LIMIT} brackets deep: check the [ and { here`);
    } else if (token === ']' || token === '}') {
      flowDepth = Math.max(0, flowDepth - 1);
    }
    if (token !== '\n' && token !== '\r\n' && !/^[ \t]+$/.test(token) && token !== '-' && token !== '?') lineStart = false;
    if (lineDepth > YAML_LINE_DEPTH_LIMIT) return at(`nests more than ${YAML_LINE_DEPTH_LIMIT} columns deep (indentation and "- "): indent less`);
    offset += token.length;
  }
  return undefined;
}
