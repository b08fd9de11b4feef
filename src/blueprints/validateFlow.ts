import type { FlowDocument } from './flowSchema';
import type { FlowIssue } from './flowIssue';
import { loadFlowFile, parseFlowSource } from './loadFlowFile';
import type { LoadedFlow } from './loadFlowFile';
import { createIssueReporter } from './createIssueReporter';
import { checkStructure } from './checkStructure';
import { salvageFlowDocument } from './salvageFlowDocument';
import { checkTexts } from './checkTexts';
import { checkReachability } from './checkReachability';
import { checkExperimentKeys } from './checkExperimentKeys';
import { checkTermination } from './checkTermination';
import { checkContentKeys } from './checkContentKeys';
import { checkStorableValues } from './checkStorableValues';
import { resolveLibraryContent } from './resolveLibraryContent';
import type { LibraryItem } from './resolveLibraryContent';

/** The outcome of validating one flow file. */
export type FlowValidation = {
  file: string;
  /** The document with library content resolved, when it passed the schema (it may still have semantic errors). */
  doc: FlowDocument | null;
  /** Errors and warnings, in source order. */
  issues: FlowIssue[];
  /** True when there is no error (warnings allowed). */
  ok: boolean;
};

/** Issues that checkStructure reports on references, checked even when the schema failed. */
const REFERENCE_CODES = new Set(['unknown-target', 'unknown-badge', 'duplicate-key']);

/** What validation may know beyond the file. */
export type ValidationContext = {
  /** The organization's experiment keys (an import): a `variant` rule naming another is a warning. */
  experimentKeys?: ReadonlySet<string>;
  /**
   * The organization's library items the document references, by key (loadLibraryContent).
   * Without it, a library reference is an error that says to validate against an organization.
   */
  library?: ReadonlyMap<string, LibraryItem>;
};

/** Checks a parsed flow (see {@link validateFlowSource}); library references are resolved from the context. */
export function validateLoadedFlow(loaded: LoadedFlow, context: ValidationContext = {}): FlowValidation {
  const issues = [...loaded.issues];
  const doc = loaded.doc ? resolveLibraryContent(loaded.doc, context.library, createIssueReporter(loaded.file, loaded.locate, issues)) : null;
  const salvaged = loaded.doc || loaded.issues.some((i) => i.code !== 'schema') ? null : salvageFlowDocument(loaded.data);
  if (salvaged) {
    // Reference errors of a document that failed the schema, outside the parts the schema refused.
    const found: FlowIssue[] = [];
    checkStructure(salvaged, createIssueReporter(loaded.file, loaded.locate, found));
    const refused = loaded.issues.map((i) => i.path);
    const independent = (issue: FlowIssue) => REFERENCE_CODES.has(issue.code) && !issue.message.includes("''") && !refused.some((path) => path === '(document)' || issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`));
    issues.push(...found.filter(independent));
  }
  if (doc) {
    const report = createIssueReporter(loaded.file, loaded.locate, issues);
    checkStructure(doc, report);
    checkTexts(doc, report);
    checkContentKeys(doc, report);
    checkStorableValues(doc, report);
    if (context.experimentKeys) checkExperimentKeys(doc, context.experimentKeys, report);
    const hasErrors = () => issues.some((i) => i.severity === 'error');
    if (!hasErrors()) checkReachability(doc, report);
    if (!hasErrors()) checkTermination(doc, report);
  }
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file: loaded.file, doc, issues, ok: doc !== null && !issues.some((i) => i.severity === 'error') };
}

/** Validates flow YAML text: schema, structure, texts, reachability and termination. */
export function validateFlowSource(source: string, file: string, context?: ValidationContext): FlowValidation {
  return validateLoadedFlow(parseFlowSource(source, file), context);
}

/** Validates a flow file on disk (see {@link validateFlowSource}). */
export function validateFlowFile(file: string, context?: ValidationContext): FlowValidation {
  return validateLoadedFlow(loadFlowFile(file), context);
}
