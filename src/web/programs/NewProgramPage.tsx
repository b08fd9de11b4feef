import type { Staff } from '../auth/staffSessions';
import { FieldFrame, fieldAria } from '../layout/FieldFrame';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** The form's values as typed, kept to show it again after a refusal. */
export interface NewProgramValues {
  name?: string;
  blueprints?: string;
  channelId?: string;
  startDate?: string;
  endDate?: string;
  segmentIds?: string[];
  autoEnroll?: boolean;
}

/** What the form offers: published journeys, target segments and channels of the organization. */
export interface NewProgramChoices {
  blueprintKeys: string[];
  segments: { id: string; name: string }[];
  channels: { id: string; name: string; kind: string }[];
}

const blueprintsHint = (keys: string[]) => `Journey keys, one per line, played in this order. Published: ${keys.length > 0 ? keys.join(', ') : 'none yet (publish one in the flow editor)'}.`;

/** The form that creates a program (a draft): its journeys in order, channel, dates, target segments and auto-enrollment. */
export function NewProgramPage({ staff, choices, values = {}, error }: { staff: Staff; choices: NewProgramChoices; values?: NewProgramValues; error?: FieldError }) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  const known = new Set(['name', 'blueprints', 'channelId', 'startDate', 'endDate', 'segmentIds']);
  const hint = blueprintsHint(choices.blueprintKeys);
  return (
    <Page title="New program" staff={staff}>
      <p><a href={`${base}/programs`}>All programs</a></p>
      <section class="card" aria-labelledby="h-new-program">
        <h2 id="h-new-program">Create a program</h2>
        {error && !known.has(error.field) && <p class="alert" role="alert">{error.message}</p>}
        <form method="post" action={`${base}/programs/new`}>
          <CsrfField staff={staff} />
          <FormField field={{ name: 'name', label: 'Name', type: 'text', required: false, hint: 'e.g. New hires, January' }} value={values.name} error={errorOf('name')} />
          <FieldFrame id="f-blueprints" label="Journeys in order" hint={hint} error={errorOf('blueprints')}>
            <textarea id="f-blueprints" name="blueprints" rows={3} cols={40} {...fieldAria('f-blueprints', hint, errorOf('blueprints'))}>{values.blueprints ?? ''}</textarea>
          </FieldFrame>
          <FieldFrame id="f-channelId" label="Channel" error={errorOf('channelId')}>
            <select id="f-channelId" name="channelId" {...fieldAria('f-channelId', undefined, errorOf('channelId'))}>
              <option value="">The organization's default channel</option>
              {choices.channels.map((ch) => <option value={ch.id} selected={values.channelId === ch.id}>{ch.name} ({ch.kind})</option>)}
            </select>
          </FieldFrame>
          <div class="filters">
            <FieldFrame id="f-startDate" label="Start date (optional)" error={errorOf('startDate')}>
              <input id="f-startDate" name="startDate" type="date" value={values.startDate ?? ''} {...fieldAria('f-startDate', undefined, errorOf('startDate'))} />
            </FieldFrame>
            <FieldFrame id="f-endDate" label="End date (optional)" error={errorOf('endDate')}>
              <input id="f-endDate" name="endDate" type="date" value={values.endDate ?? ''} {...fieldAria('f-endDate', undefined, errorOf('endDate'))} />
            </FieldFrame>
          </div>
          <fieldset class={errorOf('segmentIds') ? 'field invalid' : 'field'} aria-describedby={errorOf('segmentIds') ? 'f-segmentIds-error' : undefined}>
            <legend>Target segments</legend>
            {choices.segments.length === 0 && <span class="muted">No segments yet.</span>}
            {choices.segments.map((s) => (
              <label><input type="checkbox" name="segmentIds" value={s.id} checked={values.segmentIds?.includes(s.id)} /> {s.name}</label>
            ))}
            {errorOf('segmentIds') && <span id="f-segmentIds-error" class="field-error" role="alert">{errorOf('segmentIds')?.message}</span>}
          </fieldset>
          <p><label><input type="checkbox" name="autoEnroll" value="true" checked={values.autoEnroll} /> Enroll workers who join a target segment later, while the program is active</label></p>
          <p><button type="submit">Create program</button></p>
        </form>
      </section>
    </Page>
  );
}
