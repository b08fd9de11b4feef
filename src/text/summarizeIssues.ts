import type { z } from 'zod';

/** A zod error in one line, each problem with the field it is at: `spooledAt: expected number, received undefined; message.from: …`. */
export function summarizeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(the whole value)'}: ${issue.message}`).join('; ');
}
