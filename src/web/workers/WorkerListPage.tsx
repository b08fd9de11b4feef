import type { Staff } from '../auth/staffSessions';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import type { WorkerFilters, WorkerListRow } from './findWorkers';

/** What the worker list shows. */
export interface WorkerListProps {
  staff: Staff;
  filters: WorkerFilters;
  rows: WorkerListRow[];
  next: string | null;
  segments: { id: string; name: string }[];
  programs: { id: string; name: string }[];
}

/** A select of ids by name, with "Any" first. */
export function Choice({ name, label, value, choices }: { name: string; label: string; value: string; choices: { id: string; name: string }[] }) {
  return (
    <p>
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">Any</option>
        {choices.map((choice) => <option value={choice.id} selected={choice.id === value}>{choice.name}</option>)}
      </select>
    </p>
  );
}

function pageLink(filters: WorkerFilters, after: string) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, after })) if (value) params.set(key, value);
  return `${base}/workers?${params.toString()}`;
}

/** The worker list: search, filters, and keyset pages. */
export function WorkerListPage({ staff, filters, rows, next, segments, programs }: WorkerListProps) {
  return (
    <Page title="Workers" staff={staff}>
      <form class="filters card" method="get" action={`${base}/workers`} role="search">
        <p><label for="f-q">Name or phone (starts with)</label><input id="f-q" name="q" type="search" value={filters.q} /></p>
        <Choice name="segment" label="Segment" value={filters.segment} choices={segments} />
        <Choice name="program" label="Program" value={filters.program} choices={programs} />
        <Choice name="status" label="Status" value={filters.status} choices={[{ id: 'active', name: 'Active' }, { id: 'opted_out', name: 'Opted out' }, { id: 'left', name: 'Left' }]} />
        <p><label><input type="checkbox" name="low" value="1" checked={filters.low === '1'} /> Low well-being (1–2)</label></p>
        <p><label><input type="checkbox" name="handoff" value="1" checked={filters.handoff === '1'} /> Asked for a person</label></p>
        <p><button type="submit">Search</button></p>
      </form>
      <table class="wide" aria-label="Workers">
        <thead><tr><th scope="col">Name</th><th scope="col">Phone</th><th scope="col">Status</th><th scope="col">Well-being</th><th scope="col"><abbr title="Quiz questions right, of those closed: a question whose attempts ran out counts as wrong">Quiz %</abbr></th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>
                <a href={`${base}/workers/${row.id}`}>{row.full_name}</a>{' '}
                {row.handoff_requested_at && <span class="badge warn">asked for a person</span>}
                {row.bot_paused && <span class="badge">bot paused</span>}
              </td>
              <td>{row.phone_number}</td>
              <td>{row.status === 'active' ? 'active' : <span class="badge bad">{row.status.replace('_', ' ')}</span>}</td>
              <td>{row.well_being_score ?? '–'}{row.well_being_score !== null && row.well_being_score <= 2 && <span class="badge bad">low</span>}</td>
              <td>{row.quiz_percent ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">No worker matches these filters.</p>}
      <nav class="pager" aria-label="Pages">
        {filters.after && <a href={pageLink(filters, '')}>First page</a>}
        {next && <a href={pageLink(filters, next)} rel="next">Next page</a>}
      </nav>
    </Page>
  );
}
