import type { DateChangeEffect } from '../../programs/describeDateChange';
import type { Staff } from '../auth/staffSessions';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';

export interface ProgramDatesProps {
  staff: Staff;
  programId: string;
  startDate: string | null;
  endDate: string | null;
  /** The dates proposed in the form, with what they would do (describeDateChange). */
  proposal?: { startDate: string | null; endDate: string | null; effect: DateChangeEffect };
  canChange: boolean;
}

/** A program's start and end dates, and a form to move them that first says what the move will do. */
export function ProgramDates({ staff, programId, startDate, endDate, proposal, canChange }: ProgramDatesProps) {
  const action = `${base}/programs/${programId}`;
  return (
    <section class="card" aria-labelledby="h-dates">
      <h2 id="h-dates">Dates</h2>
      <p data-testid="dates">
        Starts {startDate ?? 'as soon as a worker is enrolled'} · ends {endDate ?? 'when completed by hand'}.
        {' '}First messages go at 9:00 in each worker's local time on the start date (after quiet hours); after the end date, running conversations close with the closing message and late joiners are refused.
      </p>
      {proposal && (
        <div role="status" data-testid="date-effect">
          {proposal.effect.statements.length === 0 ? <p>These are the current dates: nothing changes.</p> : proposal.effect.statements.map((line) => <p>{line}</p>)}
        </div>
      )}
      {canChange && (
        <form method="get" action={action} aria-label="Move the dates">
          <label for="new-start">Start date</label>{' '}
          <input id="new-start" type="date" name="newStart" value={proposal ? (proposal.startDate ?? '') : (startDate ?? '')} />{' '}
          <label for="new-end">End date</label>{' '}
          <input id="new-end" type="date" name="newEnd" value={proposal ? (proposal.endDate ?? '') : (endDate ?? '')} />{' '}
          <button type="submit" class="secondary">See what this does</button>
        </form>
      )}
      {canChange && proposal && proposal.effect.statements.length > 0 && (
        <form method="post" action={`${action}/dates`}>
          <CsrfField staff={staff} />
          <input type="hidden" name="startDate" value={proposal.startDate ?? ''} />
          <input type="hidden" name="endDate" value={proposal.endDate ?? ''} />
          <button type="submit">Move the dates</button>
        </form>
      )}
    </section>
  );
}
