import type { FlowDocument } from './flowSchema';
import type { Report } from './createIssueReporter';
import { splitTouchpoint } from './splitTouchpoint';

/**
 * A library key names one content item: touchpoints of a flow that store their content under the
 * same key (`content: <key>`, or the default `<blueprint>/<touchpoint>`) must show the same content.
 */
export function checkContentKeys(doc: FlowDocument, report: Report): void {
  const first = new Map<string, { touchpoint: string; body: string }>();
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((touchpoint, t) => {
      const { contentKey, body } = splitTouchpoint(doc.blueprint.key, touchpoint);
      const seen = first.get(contentKey);
      const text = JSON.stringify(body);
      if (!seen) first.set(contentKey, { touchpoint: touchpoint.key, body: text });
      else if (seen.body !== text) {
        const path = touchpoint.content ? ['phases', p, 'touchpoints', t, 'content'] : ['phases', p, 'touchpoints', t, 'key'];
        report('error', 'content-key-clash', path, `touchpoint '${touchpoint.key}'`, `stores different content under library key '${contentKey}' than touchpoint '${seen.touchpoint}': give one of them another \`content\` key`);
      }
    }),
  );
}
