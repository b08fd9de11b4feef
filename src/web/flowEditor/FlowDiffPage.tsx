import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import type { EditedVersion } from './FlowEditorPage';

/** One side of the comparison: a version and its YAML as exported. */
export interface ComparedVersion extends EditedVersion {
  yaml: string;
}

/** Options of the diff page. */
export interface FlowDiffPageProps {
  staff: Staff;
  /** Every version the staff member may pick, by key then newest first. */
  versions: (EditedVersion & { title: string })[];
  older?: ComparedVersion;
  newer?: ComparedVersion;
}

const label = (v: EditedVersion) => `${v.key} version ${v.version} (${v.status})`;

function VersionSelect({ name, text, versions, selected }: { name: string; text: string; versions: FlowDiffPageProps['versions']; selected?: string }) {
  return (
    <p>
      <label for={`diff-${name}-select`}>{text}</label>
      <select id={`diff-${name}-select`} name={name} required>
        <option value="">Choose a version</option>
        {versions.map((v) => <option value={v.id} selected={v.id === selected}>{label(v)}</option>)}
      </select>
    </p>
  );
}

/** Two versions side by side, changes marked (CodeMirror's merge view), each exported as YAML. */
export function FlowDiffPage({ staff, versions, older, newer }: FlowDiffPageProps) {
  return (
    <Page title="Compare flow versions" staff={staff} scripts={[`${base}/assets/flow-editor.js`]}>
      <p><a href={`${base}/journeys`}>All journeys</a></p>
      <form method="get" action={`${base}/journeys/diff`} class="filters card">
        <VersionSelect name="a" text="Older" versions={versions} selected={older?.id} />
        <VersionSelect name="b" text="Newer" versions={versions} selected={newer?.id} />
        <p><button type="submit">Compare</button></p>
      </form>
      {older && newer && (
        <section class="card" aria-labelledby="h-diff">
          <h2 id="h-diff">{label(older)} → {label(newer)}</h2>
          {older.yaml === newer.yaml && <p class="notice" role="status">These two versions are the same flow.</p>}
          <textarea id="diff-a" hidden aria-label={label(older)}>{older.yaml}</textarea>
          <textarea id="diff-b" hidden aria-label={label(newer)}>{newer.yaml}</textarea>
          <div id="flow-diff" class="flow-diff"></div>
        </section>
      )}
    </Page>
  );
}
