import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeSchemaIssue } from '../blueprints/describeSchemaIssue';
import { formatPath } from '../blueprints/flowIssue';
import { createLocator } from '../blueprints/locateInDocument';
import { readYamlData } from '../blueprints/readYamlData';
import { refuseHeavyYaml } from '../blueprints/refuseHeavyYaml';
import { findUnstorableText, UNSTORABLE_YAML_MESSAGE } from '../text/findUnstorableText';
import { authoredRulesSchema } from './authoredRulesSchema';
import { gamificationRulesSchema, type GamificationRules } from './rulesSchema';

/** A problem in a rules file, where it is and what to do. */
export interface RulesIssue {
  path: string;
  line: number;
  column: number;
  message: string;
}

export type ParsedRules = { rules: GamificationRules; issues: [] } | { rules: null; issues: RulesIssue[] };

/** Parses and validates a rules file (YAML, or JSON, which is YAML too): every problem with its line, column and path. */
export function parseRulesSource(source: string): ParsedRules {
  const heavy = refuseHeavyYaml(source);
  if (heavy) return { rules: null, issues: [{ path: '', line: heavy.line, column: heavy.column, message: heavy.message }] };
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      rules: null,
      issues: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', line, column: col, message: error.message };
      }),
    };
  }
  const read = readYamlData(document);
  if ('error' in read) {
    const { line, col } = lineCounter.linePos(read.offset);
    return { rules: null, issues: [{ path: '', line, column: col, message: read.error }] };
  }
  const { data } = read;
  const locate = createLocator(document, lineCounter, source);
  const unstorable = findUnstorableText(data);
  if (unstorable) return { rules: null, issues: [{ path: formatPath(unstorable), ...locate(unstorable), message: UNSTORABLE_YAML_MESSAGE }] };
  const result = authoredRulesSchema.safeParse(data ?? {});
  if (result.success) return { rules: result.data, issues: [] };
  return {
    rules: null,
    issues: result.error.issues.map((issue) => {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      return { path: formatPath(issue.path), ...locate(issue.path, key), message: describeSchemaIssue(issue, data) };
    }),
  };
}

/** The JSON Schema of rules files, for editors. */
export function rulesJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(gamificationRulesSchema, { io: 'input', target: 'draft-2020-12' }), title: 'Gamification rules' };
}
