import type { FlowIssue } from '../../blueprints/flowIssue';

/** An issue as the editor lists it (page and script alike): "line 14:7 error: quiz 'q2' has no correct option…". */
export function describeCheckedIssue(issue: Omit<FlowIssue, 'file' | 'code'>): string {
  return `line ${issue.line}:${issue.column} ${issue.severity}: ${issue.subject ?? `\`${issue.path}\``} ${issue.message}`;
}
