import type { SegmentView } from '../../segments/manageSegments';
import type { Staff } from '../auth/staffSessions';
import { FieldFrame, fieldAria } from '../layout/FieldFrame';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** What the new-segment form shows again: the values typed, a preview's counts or the refusal. */
export interface SegmentFormState {
  values?: { name?: string; rule?: string };
  preview?: { count: number; active: number };
  error?: FieldError;
}

const ruleHint = 'JSON. A condition is {"field": "language"|"timezone"|"status", "op", "value"}, {"field": "wellBeingScore"|"performanceMetric", "op", "value"}, {"attribute", "op", "value"} or {"program": id, "status"}; combine with {"all": [...]}, {"any": [...]}, {"not": ...}. Empty: a static segment.';
const ruleExample = '{"all": [{"attribute": "site", "op": "eq", "value": "Nairobi"}, {"field": "status", "op": "eq", "value": "active"}]}';

/** Segments with their member counts and (segments:write) the form to create one, with the rule's preview count. */
export function SegmentsPage({ staff, segments, canWrite, form = {}, created }: { staff: Staff; segments: SegmentView[]; canWrite: boolean; form?: SegmentFormState; created?: string }) {
  const { values = {}, preview, error } = form;
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  return (
    <Page title="Segments" staff={staff}>
      {created && <p class="notice" role="status">Segment {created} created.</p>}
      <table aria-label="Segments">
        <thead><tr><th scope="col">Segment</th><th scope="col">Kind</th><th scope="col">Members</th><th scope="col">Rule</th></tr></thead>
        <tbody>
          {segments.map((s) => (
            <tr data-segment={s.id}><td>{s.name}</td><td>{s.rule ? 'rule' : 'static'}</td><td>{s.memberCount}</td><td><code>{s.rule ? JSON.stringify(s.rule) : ''}</code></td></tr>
          ))}
        </tbody>
      </table>
      {segments.length === 0 && <p class="muted">No segments yet.</p>}
      {canWrite && (
        <section class="card" aria-labelledby="h-new-segment">
          <h2 id="h-new-segment">New segment</h2>
          {error && error.field !== 'name' && error.field !== 'rule' && <p class="alert" role="alert">{error.message}</p>}
          {preview && <p class="notice" role="status" data-testid="segment-preview">The rule matches <strong>{preview.count}</strong> workers now ({preview.active} active).</p>}
          <form method="post" action={`${base}/segments`}>
            <CsrfField staff={staff} />
            <FormField field={{ name: 'name', label: 'Name', type: 'text', required: false, hint: 'e.g. Nairobi stores' }} value={values.name} error={errorOf('name')} />
            <FieldFrame id="f-rule" label="Rule" hint={ruleHint} error={errorOf('rule')}>
              <textarea id="f-rule" name="rule" class="rule" rows={4} placeholder={ruleExample} {...fieldAria('f-rule', ruleHint, errorOf('rule'))}>{values.rule ?? ''}</textarea>
            </FieldFrame>
            <p>
              <button type="submit" name="intent" value="preview" class="secondary">Preview count</button>{' '}
              <button type="submit" name="intent" value="create">Create segment</button>
            </p>
          </form>
        </section>
      )}
    </Page>
  );
}
