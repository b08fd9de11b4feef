import { isAllowed } from '../../api/auth/permissions';
import type { ProgramView } from '../../programs/manageProgram';
import type { Staff } from '../auth/staffSessions';
import { FieldFrame, fieldAria } from '../layout/FieldFrame';
import type { FieldError } from '../layout/FormField';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';

/** Options of a program's management page. */
export interface ProgramManagePageProps {
  staff: Staff;
  program: ProgramView;
  segments: { id: string; name: string }[];
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** A refusal of an enrollment form, shown next to its field. */
  error?: FieldError;
  values?: { phoneNumber?: string; segmentId?: string };
}

/** The transitions each status allows (changeProgramStatus refuses the others). */
const transitionsFrom: Record<ProgramView['status'], ('activate' | 'pause' | 'resume' | 'complete')[]> = {
  draft: ['activate'],
  active: ['pause', 'complete'],
  paused: ['resume', 'complete'],
  completed: [],
};
const csvHint = 'A phone_number column, or one number per line; every number must be a worker of your organization (1 MB at most)';
const transitionLabels = { activate: 'Activate', pause: 'Pause', resume: 'Resume', complete: 'Complete' } as const;

/**
 * A program's settings, status buttons (programs:write) and the forms that enroll workers
 * (programs:enroll): one by phone number, a segment, a CSV file, or the program's target
 * segments. Each form posts the API's enrollment body to the API's own function.
 */
export function ProgramManagePage({ staff, program, segments, flash, error, values = {} }: ProgramManagePageProps) {
  const errorOf = (name: string) => (error?.field === name ? error : undefined);
  const segmentName = new Map(segments.map((s) => [s.id, s.name]));
  const action = `${base}/programs/${program.id}`;
  return (
    <Page title={`Manage ${program.name}`} staff={staff}>
      <p><a href={action}>Figures of this program</a> · <a href={`${base}/programs`}>All programs</a></p>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      {error && !['phoneNumber', 'segmentId', 'csv'].includes(error.field) && <p class="alert" role="alert">{error.message}</p>}
      <section class="card" aria-labelledby="h-program-settings">
        <h2 id="h-program-settings">Settings</h2>
        <dl class="facts">
          <dt>Status</dt><dd data-testid="program-status">{program.status}</dd>
          <dt>Journeys, in order</dt><dd>{program.blueprints.map((b) => `${b.key} (version ${b.version})`).join(' → ')}</dd>
          <dt>Dates</dt><dd>{program.startDate ?? 'no start date'} to {program.endDate ?? 'no end date'}</dd>
          <dt>Target segments</dt><dd>{program.segmentIds.map((id) => segmentName.get(id) ?? id).join(', ') || 'none'}{program.autoEnroll ? ' (workers who join later are enrolled)' : ''}</dd>
        </dl>
        {isAllowed(staff.role, 'programs:write') && (
          <div class="filters">
            {transitionsFrom[program.status].map((transition) => (
              <form method="post" action={`${action}/${transition}`}>
                <CsrfField staff={staff} />
                <button type="submit" class={transition === 'complete' ? 'secondary' : undefined}>{transitionLabels[transition]}</button>
              </form>
            ))}
          </div>
        )}
      </section>
      {isAllowed(staff.role, 'programs:enroll') && (
        <section class="card" aria-labelledby="h-enroll">
          <h2 id="h-enroll">Enroll workers</h2>
          <p class="muted">Workers already in this program are left as they are; each new one starts the first journey at once. An active program is needed.</p>
          <div class="grid">
            <form method="post" action={`${action}/enroll`}>
              <CsrfField staff={staff} />
              <input type="hidden" name="choice" value="worker" />
              <FieldFrame id="f-phoneNumber" label="One worker, by phone number" error={errorOf('phoneNumber')}>
                <input id="f-phoneNumber" name="phoneNumber" type="tel" value={values.phoneNumber ?? ''} placeholder="+15550001234" {...fieldAria('f-phoneNumber', undefined, errorOf('phoneNumber'))} />
              </FieldFrame>
              <p><button type="submit">Enroll this worker</button></p>
            </form>
            <form method="post" action={`${action}/enroll`}>
              <CsrfField staff={staff} />
              <input type="hidden" name="choice" value="segment" />
              <FieldFrame id="f-segmentId" label="The active members of a segment" error={errorOf('segmentId')}>
                <select id="f-segmentId" name="segmentId" {...fieldAria('f-segmentId', undefined, errorOf('segmentId'))}>
                  <option value="">Choose a segment</option>
                  {segments.map((s) => <option value={s.id} selected={values.segmentId === s.id}>{s.name}</option>)}
                </select>
              </FieldFrame>
              <p><button type="submit">Enroll this segment</button></p>
            </form>
            <form method="post" action={`${action}/enroll`} enctype="multipart/form-data">
              <CsrfField staff={staff} />
              <input type="hidden" name="choice" value="csv" />
              <FieldFrame id="f-csv" label="A CSV file of phone numbers" hint={csvHint} error={errorOf('csv')}>
                <input id="f-csv" name="csv" type="file" accept=".csv,text/csv" {...fieldAria('f-csv', csvHint, errorOf('csv'))} />
              </FieldFrame>
              <p><button type="submit">Enroll from the file</button></p>
            </form>
            {program.segmentIds.length > 0 && (
              <form method="post" action={`${action}/enroll`}>
                <CsrfField staff={staff} />
                <input type="hidden" name="choice" value="targets" />
                <p>The program's target segments</p>
                <p><button type="submit">Enroll the target segments</button></p>
              </form>
            )}
          </div>
        </section>
      )}
    </Page>
  );
}
