import { inboxCauseLabels } from '../../inbox/inboxCauses';
import type { InboxItem } from '../../inbox/listInboxItems';
import type { Staff } from '../auth/staffSessions';
import { formatTime } from '../layout/formatTime';
import { CsrfField } from '../layout/Page';
import { base } from '../webEnv';

export interface InboxItemCardProps {
  staff: Staff;
  item: InboxItem;
  /** Staff users an item can be assigned to. */
  people: { id: string; name: string }[];
  /** Whether this staff member may assign, label, note and resolve. */
  canManage: boolean;
  /** Where the forms come back to. */
  back: string;
}

/** One inbox item: who, why, since when; assign or take, labels, a staff-only note, resolve or reopen. */
export function InboxItemCard({ staff, item, people, canManage, back }: InboxItemCardProps) {
  const action = `${base}/inbox/${item.id}`;
  return (
    <article class="card" data-inbox-item={item.id} data-cause={item.cause} data-status={item.status}>
      <h3>
        <a href={`${base}/workers/${item.workerId}`}>{item.workerName}</a>{' '}
        <span class={item.status === 'open' ? 'badge warn' : 'badge'}>{item.status}</span>
      </h3>
      <p><strong>{inboxCauseLabels[item.cause]}</strong>: <span data-testid="reason">{item.reason}</span></p>
      <p class="muted">
        {formatTime(new Date(item.raisedAt), staff.timezone)}{item.programName ? ` · ${item.programName}` : ''} ·{' '}
        <span data-testid="assignee">{item.assignedUserName ? `taken by ${item.assignedUserName}` : 'nobody has taken it'}</span>
        {item.labels.length > 0 && <> · {item.labels.map((label) => <span class="badge">{label}</span>)}</>}
      </p>
      {item.note && <p data-testid="note"><em>Note (staff only):</em> {item.note}</p>}
      {canManage && (
        <form method="post" action={action}>
          <CsrfField staff={staff} />
          <input type="hidden" name="back" value={back} />
          <p>
            <label for={`assignee-${item.id}`}>Assigned to</label>{' '}
            <select id={`assignee-${item.id}`} name="assignedUserId">
              <option value="">nobody</option>
              {people.map((person) => <option value={person.id} selected={person.id === item.assignedUserId}>{person.name}</option>)}
            </select>{' '}
            <label for={`labels-${item.id}`}>Labels (comma-separated)</label>{' '}
            <input id={`labels-${item.id}`} name="labels" value={item.labels.join(', ')} maxlength={400} />
          </p>
          <p>
            <label for={`note-${item.id}`}>Note (workers never see it)</label>
            <textarea id={`note-${item.id}`} name="note" rows={2} cols={40} maxlength={4000}>{item.note ?? ''}</textarea>
          </p>
          <button type="submit" name="do" value="save" class="secondary">Save</button>{' '}
          {item.assignedUserId !== staff.userId && <><button type="submit" name="do" value="take" class="secondary">Take it</button>{' '}</>}
          {item.status === 'open'
            ? <button type="submit" name="do" value="resolve">Mark resolved</button>
            : <button type="submit" name="do" value="reopen" class="secondary">Reopen</button>}
        </form>
      )}
    </article>
  );
}
