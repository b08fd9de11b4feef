import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { findUnstorableText, UNSTORABLE_YAML_MESSAGE } from '../text/findUnstorableText';
import { authoredFlowSchema } from './flowSchema';
import type { AuthoredFlowDocument } from './flowSchema';
import type { FlowIssue } from './flowIssue';
import { formatPath } from './flowIssue';
import { createLocator } from './locateInDocument';
import type { Locate } from './locateInDocument';
import { describeSchemaIssue } from './describeSchemaIssue';
import { explainTypelessTouchpoints } from './explainTypelessTouchpoints';
import { readYamlData } from './readYamlData';
import { refuseHeavyYaml } from './refuseHeavyYaml';

/** A flow file after parsing and schema validation. */
export type LoadedFlow = {
  file: string;
  /** The validated document as written (library references unresolved), or null when the YAML or the schema check failed. */
  doc: AuthoredFlowDocument | null;
  /** The raw data as parsed from YAML (before defaults). */
  data: unknown;
  issues: FlowIssue[];
  locate: Locate;
};

/**
 * One syntax error, the first, stands for the rest: a tab or a key at the wrong column makes the
 * parser misread every line after it. A tab in an indentation is named as the cause.
 */
function firstCause(issues: FlowIssue[], source: string): FlowIssue[] {
  const syntax = issues.filter((i) => i.code === 'yaml' && i.severity === 'error');
  if (syntax.length === 0) return issues;
  const first = syntax[0];
  const tabLine = source.split('\n').findIndex((text) => /^ *\t/.test(text));
  const more = syntax.length > 1 ? ` (${syntax.length - 1} more error(s) follow from it: fix this one and run again)` : '';
  const cause: FlowIssue =
    tabLine >= 0
      ? { ...first, line: tabLine + 1, column: (/^ */.exec(source.split('\n')[tabLine])?.[0].length ?? 0) + 1, message: `cannot be parsed: this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces${more}` }
      : { ...first, message: `${first.message}; check this line's indentation against the lines above: the keys of one mapping start at the same column${more}` };
  return [...issues.filter((i) => i.code !== 'yaml' || i.severity !== 'error'), cause];
}

/**
 * Parses flow YAML (with line/column tracking) and checks it against the
 * schema. Never throws on bad input: problems come back as issues.
 *
 * @param source YAML text
 * @param file name used in messages, e.g. `flows/safety.yaml`
 */
export function parseFlowSource(source: string, file: string): LoadedFlow {
  const heavy = refuseHeavyYaml(source);
  if (heavy) {
    const issue: FlowIssue = { severity: 'error', code: 'yaml', subject: 'YAML', message: heavy.message, file, line: heavy.line, column: heavy.column, path: '(document)' };
    return { file, doc: null, data: null, issues: [issue], locate: () => ({ line: 1, column: 1 }) };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const locate = createLocator(document, lineCounter, source);
  const issues: FlowIssue[] = [];
  for (const error of [...document.errors, ...document.warnings]) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    const keyText = duplicate ? /^["']?([^:"'\n]+?)["']?\s*:/.exec(source.slice(error.pos[0]))?.[1] : undefined;
    issues.push({
      severity: document.errors.includes(error) ? 'error' : 'warning',
      code: duplicate ? 'duplicate-key' : 'yaml',
      subject: duplicate ? `key '${keyText ?? '?'}'` : 'YAML',
      message: duplicate ? 'appears twice in the same mapping: remove or rename one' : `cannot be parsed: ${error.message.split('\n')[0]}`,
      file,
      line,
      column: col,
      path: '(document)',
    });
  }
  if (issues.some((i) => i.severity === 'error')) return { file, doc: null, data: null, issues: firstCause(issues, source), locate };

  const read = readYamlData(document);
  if ('error' in read) {
    const { line, col } = lineCounter.linePos(read.offset);
    issues.push({ severity: 'error', code: 'yaml', subject: 'YAML', message: read.error, file, line, column: col, path: '(document)' });
    return { file, doc: null, data: null, issues, locate };
  }
  const { data } = read;
  const unstorable = findUnstorableText(data);
  if (unstorable) {
    const { line, column } = locate(unstorable);
    issues.push({ severity: 'error', code: 'schema', message: UNSTORABLE_YAML_MESSAGE, file, line, column, path: formatPath(unstorable) });
    return { file, doc: null, data, issues, locate };
  }
  const parsed = authoredFlowSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of explainTypelessTouchpoints(parsed.error.issues, data)) {
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const { line, column } = locate(issue.path, unknownKey);
      issues.push({ severity: 'error', code: 'schema', message: describeSchemaIssue(issue, data), file, line, column, path: formatPath(issue.path) });
    }
    return { file, doc: null, data, issues, locate };
  }
  return { file, doc: parsed.data, data, issues, locate };
}

/** Reads and parses a flow file from disk (see {@link parseFlowSource}). */
export function loadFlowFile(file: string): LoadedFlow {
  return parseFlowSource(readFileSync(file, 'utf8'), file);
}
