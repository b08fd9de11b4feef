/** A problem found in a flow file, located in the source. */
export type FlowIssue = {
  severity: 'error' | 'warning';
  /** Stable code, e.g. `schema`, `duplicate-key`, `unknown-target`. */
  code: string;
  /** What is wrong and what to do, e.g. "has no correct option: mark one with `correct: true`". */
  message: string;
  /** What the message is about, e.g. "quiz 'q2'"; defaults to the document path. */
  subject?: string;
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Path inside the document, e.g. `phases[1].touchpoints[0].options`. */
  path: string;
};

/** Formats a document path as `phases[1].touchpoints[0].key`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(document)' : out;
}

/** One line per issue: "error: quiz 'q2' in flows/safety.yaml:14:7 has no correct option: ... [phases[1]...]". */
export function formatIssue(issue: FlowIssue): string {
  const subject = issue.subject ?? `\`${issue.path}\``;
  return `${issue.severity}: ${subject} in ${issue.file}:${issue.line}:${issue.column} ${issue.message} [${issue.path}]`;
}
