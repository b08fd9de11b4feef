import type { FlowDocument, LocalizedText } from './flowSchema';
import type { DocPath } from './createIssueReporter';

/** Every localized text of a document with its path. */
export function listLocalizedTexts(doc: FlowDocument): Array<{ path: DocPath; text: LocalizedText }> {
  const out: Array<{ path: DocPath; text: LocalizedText }> = [];
  const add = (path: DocPath, text: LocalizedText | undefined) => {
    if (text) out.push({ path, text });
  };
  doc.badges.forEach((badge, i) => {
    add(['badges', i, 'name'], badge.name);
    add(['badges', i, 'description'], badge.description);
  });
  doc.phases.forEach((phase, p) => {
    add(['phases', p, 'title'], phase.title);
    phase.touchpoints.forEach((tp, t) => {
      const base: DocPath = ['phases', p, 'touchpoints', t];
      add([...base, 'text'], tp.text);
      if (tp.type === 'text' || tp.type === 'media') return;
      add([...base, 'answers', 'hint'], tp.answers?.hint);
      add([...base, 'reminders', 'text'], tp.reminders?.text);
      if (tp.type === 'quiz' || tp.type === 'question') tp.options?.forEach((o, j) => add([...base, 'options', j, 'text'], o.text));
      if (tp.type === 'quiz') {
        add([...base, 'feedback', 'correct'], tp.feedback?.correct);
        add([...base, 'feedback', 'incorrect'], tp.feedback?.incorrect);
      }
      if (tp.type === 'wellbeing') {
        add([...base, 'labels', 'low'], tp.labels?.low);
        add([...base, 'labels', 'high'], tp.labels?.high);
      }
    });
  });
  return out;
}

/** Every template variable of a document with its path. */
export function listTemplateVariables(doc: FlowDocument): Array<{ path: DocPath; value: string }> {
  const out: Array<{ path: DocPath; value: string }> = [];
  doc.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((tp, t) => {
      const base: DocPath = ['phases', p, 'touchpoints', t];
      tp.template?.variables.forEach((value, k) => out.push({ path: [...base, 'template', 'variables', k], value }));
      if (tp.type !== 'text' && tp.type !== 'media') {
        tp.reminders?.template?.variables.forEach((value, k) => out.push({ path: [...base, 'reminders', 'template', 'variables', k], value }));
      }
    }),
  );
  return out;
}
