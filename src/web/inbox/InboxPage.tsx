import type { InboxFilters, InboxItem } from '../../inbox/listInboxItems';
import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { InboxItemCard } from './InboxItemCard';

export interface InboxPageProps {
  staff: Staff;
  items: InboxItem[];
  filters: InboxFilters;
  programs: { id: string; name: string }[];
  segments: { id: string; name: string }[];
  people: { id: string; name: string }[];
  canManage: boolean;
  /** A message after a form. */
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** This page's own URL (forms come back to it). */
  self: string;
}

/** Conversations that need a person, newest first, with why; filters by status, program, segment and assignee. */
export function InboxPage({ staff, items, filters, programs, segments, people, canManage, flash, self }: InboxPageProps) {
  const status = filters.status ?? 'open';
  return (
    <Page title="Coach inbox" staff={staff}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      <form method="get" action={`${base}/inbox`} class="filters" aria-label="Filter the inbox">
        <label for="f-status">Status</label>{' '}
        <select id="f-status" name="status">
          {(['open', 'resolved', 'all'] as const).map((value) => <option value={value} selected={value === status}>{value}</option>)}
        </select>{' '}
        <label for="f-program">Program</label>{' '}
        <select id="f-program" name="programId">
          <option value="">any</option>
          {programs.map((p) => <option value={p.id} selected={p.id === filters.programId}>{p.name}</option>)}
        </select>{' '}
        <label for="f-segment">Segment</label>{' '}
        <select id="f-segment" name="segmentId">
          <option value="">any</option>
          {segments.map((s) => <option value={s.id} selected={s.id === filters.segmentId}>{s.name}</option>)}
        </select>{' '}
        <label for="f-assignee">Assigned to</label>{' '}
        <select id="f-assignee" name="assignedUserId">
          <option value="">anyone</option>
          {people.map((p) => <option value={p.id} selected={p.id === filters.assignedUserId}>{p.name}</option>)}
        </select>{' '}
        <button type="submit" class="secondary">Filter</button>
      </form>
      {items.length === 0
        ? <p class="muted" data-testid="inbox-empty">Nothing {status === 'resolved' ? 'resolved' : 'needs a person'} under these filters.</p>
        : items.map((item) => <InboxItemCard staff={staff} item={item} people={people} canManage={canManage} back={self} />)}
    </Page>
  );
}
