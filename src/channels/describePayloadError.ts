import type { z } from 'zod';
import type { PayloadError } from './channelTypes';

/**
 * Turn the first zod issue into a PayloadError naming the field by its dotted
 * path, e.g. `entry[0].changes[0].value.messages[0].from`.
 * @param prefix what the payload is, used in the message ("Twilio webhook").
 * @param basePath where the validated value sits inside the whole payload.
 */
export function describePayloadError(
  prefix: string,
  error: z.ZodError,
  basePath: ReadonlyArray<PropertyKey> = [],
): PayloadError {
  const issue = error.issues[0];
  const field = formatPath([...basePath, ...(issue?.path ?? [])]);
  return {
    code: 'invalid_payload',
    field,
    message: `${prefix}: field '${field || '(root)'}' ${explain(issue)}`,
  };
}

function explain(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'is invalid';
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return 'is missing';
    return `must be ${issue.expected}${received ? `, not ${received}` : ''}`;
  }
  if (issue.code === 'custom' || /^(must|is) /.test(issue.message)) return issue.message;
  return `is invalid: ${issue.message}`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
