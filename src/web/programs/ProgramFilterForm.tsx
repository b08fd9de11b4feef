import type { AnalyticsFilters } from '../../analytics/analyticsFilters';
import { base } from '../webEnv';

/** The program page's filters: segment, a worker attribute's value, and the days touchpoints were reached. */
export function ProgramFilterForm({ programId, filters, segments, problem }: { programId: string; filters: AnalyticsFilters; segments: { id: string; name: string }[]; problem?: string }) {
  return (
    <form class="filters card" method="get" action={`${base}/programs/${programId}`} role="search" aria-label="Filter the figures">
      <p>
        <label for="f-segment">Segment</label>
        <select id="f-segment" name="segmentId">
          <option value="">All workers</option>
          {segments.map((s) => <option value={s.id} selected={s.id === filters.segmentId}>{s.name}</option>)}
        </select>
      </p>
      <p><label for="f-attribute">Worker attribute (e.g. site, team)</label><input id="f-attribute" name="attribute" value={filters.attribute ?? ''} /></p>
      <p><label for="f-value">equals</label><input id="f-value" name="value" value={filters.value ?? ''} /></p>
      <p><label for="f-from">Reached from (UTC day)</label><input id="f-from" type="date" name="from" value={filters.from ?? ''} /></p>
      <p><label for="f-to">to</label><input id="f-to" type="date" name="to" value={filters.to ?? ''} /></p>
      <p><button type="submit">Apply</button> <a href={`${base}/programs/${programId}`}>Clear</a></p>
      {problem && <p class="error" role="alert" data-testid="filter-problem">{problem}</p>}
    </form>
  );
}
