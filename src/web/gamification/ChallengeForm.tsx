import { ledgerEventKinds } from '../../gamification/rulesSchema';
import type { Staff } from '../auth/staffSessions';
import { FieldFrame, fieldAria } from '../layout/FieldFrame';
import { FormField, type FieldError } from '../layout/FormField';
import { CsrfField } from '../layout/Page';
import { Choice } from '../workers/WorkerListPage';
import type { ChallengeFormValues } from './challengeFormValues';

/** What the challenge form needs: where it posts, the values to show, the refusal, the program and segment choices. */
export interface ChallengeFormProps {
  staff: Staff;
  action: string;
  submitLabel: string;
  values?: Partial<ChallengeFormValues>;
  error?: FieldError;
  programs: { id: string; name: string }[];
  segments: { id: string; name: string }[];
}

const instantHint = 'An instant with its offset, e.g. 2026-01-12T09:00:00+03:00';
const countedKinds = ledgerEventKinds.filter((kind) => kind !== 'challengeWon');
const known = new Set(['name', 'programId', 'segmentId', 'attribute', 'teamAttribute', 'event', 'goal', 'startsAt', 'endsAt', 'progressAt']);

/** The fields of a challenge (the API's body), each refusal shown next to the field it names. */
export function ChallengeForm({ staff, action, submitLabel, values = {}, error, programs, segments }: ChallengeFormProps) {
  const field = error?.field.split('.')[0];
  const errorOf = (name: string): FieldError | undefined => (error && field === name ? { field: name, message: error.message } : undefined);
  const choiceError = (name: string) => {
    const refusal = errorOf(name);
    return refusal && <p class="field-error" role="alert">{refusal.message}</p>;
  };
  const text = (name: keyof ChallengeFormValues, label: string, required: boolean, hint?: string) => (
    <FormField field={{ name, label, type: 'text', required, hint }} value={values[name]} error={errorOf(name)} />
  );
  return (
    <form method="post" action={action} class="challenge-form">
      <CsrfField staff={staff} />
      {error && !known.has(field ?? '') && <p class="alert" role="alert">{error.message}</p>}
      {text('name', 'Name', true, 'Shown to workers, e.g. Store week')}
      <Choice name="programId" label="Program" value={values.programId ?? ''} choices={programs} />
      {choiceError('programId')}
      <Choice name="segmentId" label="Segment" value={values.segmentId ?? ''} choices={segments} />
      {choiceError('segmentId')}
      {text('attribute', 'Only workers with', false, 'name:value, e.g. region:North; empty: everyone')}
      {text('teamAttribute', 'Teams by attribute', false, 'e.g. site; empty: everyone is one team')}
      <FieldFrame id="f-event" label="What counts" error={errorOf('event')}>
        <select id="f-event" name="event" {...fieldAria('f-event', undefined, errorOf('event'))}>
          <option value="">Points</option>
          {countedKinds.map((kind) => <option value={kind} selected={values.event === kind}>{kind}</option>)}
        </select>
      </FieldFrame>
      <FormField field={{ name: 'goal', label: 'Goal', type: 'number', required: true }} value={values.goal} error={errorOf('goal')} />
      {text('startsAt', 'Starts at', true, instantHint)}
      {text('endsAt', 'Ends at', true, instantHint)}
      <FieldFrame id="f-progressAt" label="Progress messages at" hint="Instants inside the window, one a line" error={errorOf('progressAt')}>
        <textarea id="f-progressAt" name="progressAt" rows={3} cols={40} {...fieldAria('f-progressAt', 'Instants inside the window, one a line', errorOf('progressAt'))}>{values.progressAt ?? ''}</textarea>
      </FieldFrame>
      <p><button type="submit">{submitLabel}</button></p>
    </form>
  );
}
