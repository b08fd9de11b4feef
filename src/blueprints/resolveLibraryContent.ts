import type { AuthoredFlowDocument, FlowDocument, Touchpoint } from './flowSchema';
import { touchpointSchema } from './flowSchema';
import type { Report } from './createIssueReporter';
import { describeSchemaIssue } from './describeSchemaIssue';
import { formatPath } from './flowIssue';

/** A content item of the organization's library, as a reference resolves it: its latest version. */
export type LibraryItem = {
  id: string;
  version: number;
  /** What it shows (type, texts, media, options, ...), as stored in `content.body`. */
  body: Record<string, unknown>;
};

/**
 * The document with every library reference (`content: <key>` without `type`) replaced by the
 * library item's content and the reference's own pacing, rules, answers, reminders and timeout;
 * the resolved touchpoint keeps `content: <key>`. Reports a reference that cannot be resolved
 * (no library given, a key the library does not hold, logic the item's type does not take) at
 * its `content` field, and then answers null.
 */
export function resolveLibraryContent(doc: AuthoredFlowDocument, library: ReadonlyMap<string, LibraryItem> | undefined, report: Report): FlowDocument | null {
  let resolvedAll = true;
  const phases = doc.phases.map((phase, p) => ({
    ...phase,
    touchpoints: phase.touchpoints.map((touchpoint, t): Touchpoint => {
      if (touchpoint.type !== undefined) return touchpoint;
      const path = ['phases', p, 'touchpoints', t, 'content'];
      const subject = `touchpoint '${touchpoint.key}'`;
      const item = library?.get(touchpoint.content);
      const fail = (code: string, message: string): Touchpoint => {
        report('error', code, path, subject, message);
        resolvedAll = false;
        return { key: touchpoint.key, type: 'text', text: {} };
      };
      if (!library) return fail('library-needed', `uses library content '${touchpoint.content}': check it against an organization's library (\`npm run flows -- validate --org <organization>\`, or import it)`);
      if (!item) return fail('unknown-content', `uses library content '${touchpoint.content}', which the organization's library does not hold: import the flow that defines it first, or pick a key from GET /v1/content`);
      const { type: _absent, ...logic } = touchpoint;
      const merged = { ...item.body, ...logic };
      const parsed = touchpointSchema.safeParse(merged);
      if (parsed.success) return parsed.data;
      const problems = parsed.error.issues.map((issue) => `\`${formatPath(issue.path)}\` ${describeSchemaIssue(issue, merged)}`);
      return fail('library-mismatch', `uses library content '${touchpoint.content}' (a ${String(item.body.type)}, version ${item.version}), which does not fit: ${problems.join('; ')}`);
    }),
  }));
  return resolvedAll ? { ...doc, phases } : null;
}
