import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** The value at a path of plain data, or undefined. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((current, part) => (current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[part] : undefined), data);
}

/**
 * A touchpoint without `type` reads as a library reference; one without `content` either most
 * likely lacks its type. Its issues ("content is missing", every content field unknown) become
 * one: `type` is missing, or `content` to use library content.
 */
export function explainTypelessTouchpoints(issues: readonly Issue[], data: unknown): Issue[] {
  const typeless = (path: readonly PropertyKey[]) => {
    if (path.length < 4 || path[0] !== 'phases' || path[2] !== 'touchpoints') return false;
    const touchpoint = valueAt(data, path.slice(0, 4));
    return touchpoint !== null && typeof touchpoint === 'object' && !Array.isArray(touchpoint) && !('type' in touchpoint) && !('content' in touchpoint);
  };
  const explained = new Set<string>();
  const out: Issue[] = [];
  for (const issue of issues) {
    if (!typeless(issue.path)) {
      out.push(issue);
      continue;
    }
    const at = issue.path.slice(0, 4);
    if (explained.has(at.join('.'))) continue;
    explained.add(at.join('.'));
    out.push({
      code: 'custom',
      input: undefined,
      path: [...at, 'type'],
      message: 'is missing: add `type` (text, media, question, quiz, reflection or wellbeing) with its content, or `content: <library key>` to show a content item of the library',
    });
  }
  return out;
}
