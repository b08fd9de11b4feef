import type { FlowIssue } from './flowIssue';
import { formatPath } from './flowIssue';
import type { Locate } from './locateInDocument';

/** Path inside a flow document. */
export type DocPath = Array<string | number>;

/** Adds an issue located at a document path (at `text` inside it, when given). */
export type Report = (severity: FlowIssue['severity'], code: string, path: DocPath, subject: string | undefined, message: string, text?: string) => void;

/** A reporter that locates each issue and collects it into `issues`. */
export function createIssueReporter(file: string, locate: Locate, issues: FlowIssue[]): Report {
  return (severity, code, path, subject, message, text) => {
    const { line, column } = locate(path, undefined, text);
    issues.push({ severity, code, subject, message, file, line, column, path: formatPath(path) });
  };
}
