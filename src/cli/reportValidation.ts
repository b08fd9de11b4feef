import { formatIssue } from '../blueprints/flowIssue';
import type { FlowValidation } from '../blueprints/validateFlow';

/** Prints a file's issues and its verdict line (`ok flows/x.yaml (0 error(s), 1 warning(s))`); true when it passed. */
export function reportValidation(result: FlowValidation): boolean {
  for (const issue of result.issues) console.log(formatIssue(issue));
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  console.log(`${result.ok ? 'ok' : 'FAILED'} ${result.file} (${errors} error(s), ${warnings} warning(s))`);
  return result.ok;
}
