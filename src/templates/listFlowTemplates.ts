import type { FlowDocument, Template } from '../blueprints/flowSchema';

/** A template a flow uses, with where (`phases.0.touchpoints.2.template`). */
export interface FlowTemplateUse {
  path: string;
  template: Template;
}

/** Every template a flow document uses: on touchpoints and on their reminders. */
export function listFlowTemplates(document: FlowDocument): FlowTemplateUse[] {
  const uses: FlowTemplateUse[] = [];
  document.phases.forEach((phase, p) =>
    phase.touchpoints.forEach((touchpoint, t) => {
      const base = `phases.${p}.touchpoints.${t}`;
      if (touchpoint.template) uses.push({ path: `${base}.template`, template: touchpoint.template });
      const reminder = 'reminders' in touchpoint ? touchpoint.reminders?.template : undefined;
      if (reminder) uses.push({ path: `${base}.reminders.template`, template: reminder });
    }),
  );
  return uses;
}
