import type { Staff } from '../auth/staffSessions';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import type { FlowTextCheck } from './checkFlowText';
import { describeCheckedIssue } from './describeCheckedIssue';

/** The stored version the editor was opened on, or just saved. */
export interface EditedVersion {
  id: string;
  key: string;
  version: number;
  status: string;
}

/** Options of the editor page. */
export interface FlowEditorPageProps {
  staff: Staff;
  source: string;
  /** The server's check of `source`: issues listed under the editor, the diagram beside it. */
  check: FlowTextCheck;
  version?: EditedVersion;
  /** The other versions of the same key, newest first, to compare with. */
  siblings: EditedVersion[];
  flash?: { kind: 'notice' | 'alert'; text: string };
}

/**
 * The flow editor: the YAML in CodeMirror (a plain text area without scripts), the validation's
 * issues at their line and column, the diagram, and save as draft or publish. The script
 * (`/coach/assets/flow-editor.js`) checks the text on the server as it is typed.
 */
export function FlowEditorPage({ staff, source, check, version, siblings, flash }: FlowEditorPageProps) {
  const errors = check.issues.filter((issue) => issue.severity === 'error').length;
  const older = siblings.find((s) => s.id !== version?.id);
  return (
    <Page title={version ? `Edit ${version.key} (from version ${version.version})` : 'New flow'} staff={staff} scripts={[`${base}/assets/mermaid.min.js`, `${base}/assets/flow-editor.js`]}>
      <p>
        <a href={`${base}/journeys`}>All journeys</a>
        {version && <> · <a href={`${base}/journeys/${version.id}`}>version {version.version} ({version.status})</a></>}
        {version && version.status !== 'archived' && <> · <a href={`${base}/simulator?blueprint=${version.id}`} data-testid="play-draft">Play version {version.version} in the simulator</a></>}
        {version && older && <> · <a href={`${base}/journeys/diff?a=${older.id}&b=${version.id}`}>Compare with version {older.version}</a></>}
      </p>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      <p class="muted">
        Saving validates the flow as <code>flows validate</code> does: a flow with an error is not stored. A draft can be played in the simulator; publishing makes it the version new
        enrollments get (a published version never changes: the next save is a new version). The same file can be uploaded through the API (<code>POST /v1/blueprints</code>).
      </p>
      <div class="editor-grid">
        <form id="flow-form" method="post" action={`${base}/journeys/editor`} class="card">
          <CsrfField staff={staff} />
          <p>
            <label for="flow-file">Open a flow file from this computer</label>
            <input id="flow-file" type="file" accept=".yaml,.yml,text/yaml" />
          </p>
          <label for="flow-source">Flow file (YAML)</label>
          <textarea id="flow-source" name="source" rows={30} cols={80} spellcheck={false} data-check-url={`${base}/journeys/editor/check`}>{source}</textarea>
          <div id="flow-editor" class="flow-editor"></div>
          <p id="flow-status" role="status" aria-live="polite">{errors > 0 ? `${errors} error(s): the flow cannot be saved until they are fixed.` : ''}</p>
          <ol id="flow-issues" class="issues" aria-label="Problems">
            {check.issues.map((issue) => <li class={issue.severity} data-line={String(issue.line)}>{describeCheckedIssue(issue)}</li>)}
          </ol>
          <p>
            <button type="submit" name="intent" value="draft">Save as draft</button>{' '}
            <button type="submit" name="intent" value="publish" class="secondary">Publish</button>
          </p>
        </form>
        <section class="card" aria-labelledby="h-flow-diagram">
          <h2 id="h-flow-diagram">Diagram</h2>
          <div id="flow-diagram" class="flow-diagram" aria-label="State diagram of the flow being edited">{check.diagram !== null && <pre class="mermaid">{check.diagram}</pre>}</div>
        </section>
      </div>
    </Page>
  );
}
