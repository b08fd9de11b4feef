import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { flowFileSchema } from './flowSchema';
import type { FlowDocument } from './flowSchema';
import type { FlowIssue } from './flowIssue';
import { formatPath } from './flowIssue';
import { createLocator } from './locateInDocument';
import type { Locate } from './locateInDocument';
import { describeSchemaIssue } from './describeSchemaIssue';

/** A flow file after parsing and schema validation. */
export type LoadedFlow = {
  file: string;
  /** The validated document, or null when the YAML or the schema check failed. */
  doc: FlowDocument | null;
  /** The raw data as parsed from YAML (before defaults). */
  data: unknown;
  issues: FlowIssue[];
  locate: Locate;
};

/**
 * Parses flow YAML (with line/column tracking) and checks it against the
 * schema. Never throws on bad input: problems come back as issues.
 *
 * @param source YAML text
 * @param file name used in messages, e.g. `flows/safety.yaml`
 */
export function parseFlowSource(source: string, file: string): LoadedFlow {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const locate = createLocator(document, lineCounter);
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
  if (issues.some((i) => i.severity === 'error')) return { file, doc: null, data: null, issues, locate };

  const data: unknown = document.toJS();
  const parsed = flowFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
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
