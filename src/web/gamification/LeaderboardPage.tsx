import type { Leaderboard } from '../../gamification/readLeaderboard';
import type { BoardRequest } from '../../gamification/readOrganizationBoard';
import type { Staff } from '../auth/staffSessions';
import { BarChart } from '../charts/BarChart';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { Choice } from '../workers/WorkerListPage';

/** What the leaderboard page shows. */
export interface LeaderboardPageProps {
  staff: Staff;
  request: BoardRequest;
  board: Leaderboard;
  segments: { id: string; name: string }[];
  programs: { id: string; name: string }[];
  /** Why the form was not understood, when it was not. */
  problem?: string;
}

const nameOf = (row: Leaderboard['rows'][number]) => row.name ?? 'Anonymous';

/** A board chosen by program, segment or attribute, this week or all time: bars, then the table. */
export function LeaderboardPage({ staff, request, board, segments, programs, problem }: LeaderboardPageProps) {
  return (
    <Page title="Leaderboards" staff={staff}>
      <form class="filters card" method="get" action={`${base}/leaderboards`} role="search">
        <Choice name="programId" label="Program" value={request.programId ?? ''} choices={programs} />
        <Choice name="segmentId" label="Segment" value={request.segmentId ?? ''} choices={segments} />
        <p><label for="f-attribute">Attribute (e.g. site:Store 14)</label><input id="f-attribute" name="attribute" value={request.attribute ?? ''} /></p>
        <p>
          <label for="f-period">Period</label>
          <select id="f-period" name="period">
            <option value="week" selected={request.period === 'week'}>This week</option>
            <option value="allTime" selected={request.period === 'allTime'}>All time</option>
          </select>
        </p>
        <p><button type="submit">Show</button></p>
      </form>
      {problem && <p class="alert" role="alert">{problem}</p>}
      <section class="card" aria-labelledby="h-board">
        <h2 id="h-board">Top {board.rows.length} of <span data-testid="board-total">{board.total}</span></h2>
        <BarChart name="leaderboard" title="Points of the workers at the top of the board, against the leader's"
          empty="No one on this board has points yet."
          bars={board.rows.map((row) => ({ label: `${row.rank}. ${nameOf(row)}`, value: row.points, of: board.rows[0]?.points ?? 0 }))} />
        <table aria-label="Leaderboard">
          <thead><tr><th scope="col">Rank</th><th scope="col">Worker</th><th scope="col">Points</th></tr></thead>
          <tbody>{board.rows.map((row) => (
            <tr><td>{row.rank}</td><td>{row.name === null ? 'Anonymous' : <a href={`${base}/workers/${row.workerId}`}>{row.name}</a>}</td><td>{row.points}</td></tr>
          ))}</tbody>
        </table>
        <p class="muted">Ties share a rank. Workers who chose to be hidden are left out; anonymous ones appear without a name.</p>
      </section>
    </Page>
  );
}
