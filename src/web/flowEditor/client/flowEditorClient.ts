// The console's flow editor in the browser, bundled by esbuild (src/web/assets/flowEditorBundle.ts)
// and served from /coach/assets/flow-editor.js: CodeMirror with the flow file's JSON Schema for
// completion and hover, the server's validation as inline diagnostics, the diagram redrawn beside it,
// and the two-version diff page.
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { MergeView } from '@codemirror/merge';
import { EditorState, type Text } from '@codemirror/state';
import { EditorView, hoverTooltip } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { stateExtensions, updateSchema } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import type { FlowTextCheck } from '../checkFlowText';
import { describeCheckedIssue } from '../describeCheckedIssue';

type CheckedIssue = FlowTextCheck['issues'][number];

interface Mermaid {
  initialize(options: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

const mermaid = (): Mermaid | undefined => (window as unknown as { mermaid?: Mermaid }).mermaid;
const schemaUrl = '/coach/assets/flow-schema.json';

/** The diagnostic of an issue: from its line and column to the end of that line. */
function toDiagnostic(doc: Text, issue: CheckedIssue): Diagnostic {
  const line = doc.line(Math.min(Math.max(issue.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(issue.column, 1) - 1, line.to);
  return { from, to: Math.max(from, line.to), severity: issue.severity, message: `${issue.subject ?? issue.path}: ${issue.message}`, source: `line ${issue.line}:${issue.column}` };
}

function showIssues(list: HTMLElement, issues: CheckedIssue[], view: EditorView) {
  list.replaceChildren(
    ...issues.map((issue) => {
      const item = document.createElement('li');
      item.className = issue.severity;
      item.dataset.line = String(issue.line);
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'link';
      go.textContent = describeCheckedIssue(issue);
      go.addEventListener('click', () => {
        const line = view.state.doc.line(Math.min(issue.line, view.state.doc.lines));
        view.dispatch({ selection: { anchor: Math.min(line.from + issue.column - 1, line.to) }, scrollIntoView: true });
        view.focus();
      });
      item.append(go);
      return item;
    }),
  );
}

let drawings = 0;
async function drawDiagram(box: HTMLElement, text: string | null) {
  const m = mermaid();
  if (text === null) {
    box.dataset.diagram = 'stale';
    return;
  }
  if (!m) return;
  try {
    const { svg } = await m.render(`flow-diagram-${++drawings}`, text);
    box.innerHTML = svg;
    box.dataset.diagram = 'drawn';
  } catch (error) {
    box.dataset.diagram = 'failed';
    console.error(error);
  }
}

function startEditor(textarea: HTMLTextAreaElement) {
  const form = textarea.form;
  const host = document.getElementById('flow-editor');
  const issuesList = document.getElementById('flow-issues');
  const diagram = document.getElementById('flow-diagram');
  const status = document.getElementById('flow-status');
  const csrf = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const checkUrl = textarea.dataset.checkUrl;
  if (!form || !host || !issuesList || !diagram || !status || !checkUrl) return;
  mermaid()?.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  let checks = 0;

  const checkOnServer = async (view: EditorView): Promise<Diagnostic[]> => {
    const source = view.state.doc.toString();
    const answer = await fetch(checkUrl, { method: 'POST', body: source, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-csrf-token': csrf } });
    if (!answer.ok) {
      status.textContent = `The flow could not be checked: ${await answer.text()}`;
      return [];
    }
    const checked = (await answer.json()) as FlowTextCheck;
    const errors = checked.issues.filter((issue) => issue.severity === 'error').length;
    status.textContent = errors > 0 ? `${errors} error(s): the flow cannot be saved until they are fixed.` : `No error${checked.issues.length > 0 ? ` (${checked.issues.length} warning(s))` : ''}: the flow can be saved.`;
    showIssues(issuesList, checked.issues, view);
    await drawDiagram(diagram, checked.diagram);
    host.dataset.checks = String(++checks);
    host.dataset.errors = String(errors);
    return checked.issues.map((issue) => toDiagnostic(view.state.doc, issue));
  };

  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        // The linter's delay is the debounce: the server checks the text 600 ms after the last keystroke.
        linter(checkOnServer, { delay: 600 }),
        yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
        hoverTooltip(yamlSchemaHover()),
        stateExtensions(),
        EditorView.contentAttributes.of({ 'aria-label': 'Flow file (YAML)' }),
      ],
    }),
  });
  textarea.hidden = true;
  host.dataset.editor = 'ready';
  void fetch(schemaUrl).then(async (answer) => {
    if (!answer.ok) return;
    updateSchema(view, await answer.json());
    host.dataset.schema = 'loaded';
  });
  form.addEventListener('submit', () => {
    textarea.value = view.state.doc.toString();
  });
  document.getElementById('flow-file')?.addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: await file.text() } });
    status.textContent = `${file.name} opened: check it below, then save.`;
  });
}

function startDiff(host: HTMLElement) {
  const older = document.getElementById('diff-a') as HTMLTextAreaElement | null;
  const newer = document.getElementById('diff-b') as HTMLTextAreaElement | null;
  if (!older || !newer) return;
  const readOnly = [basicSetup, yaml(), EditorState.readOnly.of(true), EditorView.editable.of(false)];
  new MergeView({ a: { doc: older.value, extensions: readOnly }, b: { doc: newer.value, extensions: readOnly }, parent: host });
  host.dataset.diff = 'drawn';
}

window.addEventListener('DOMContentLoaded', () => {
  const textarea = document.getElementById('flow-source');
  if (textarea instanceof HTMLTextAreaElement) startEditor(textarea);
  const diff = document.getElementById('flow-diff');
  if (diff) startDiff(diff);
});
