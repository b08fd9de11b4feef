import type { Challenge } from '../../gamification/challenges';
import type { Staff } from '../auth/staffSessions';
import { BarChart } from '../charts/BarChart';
import { formatTime } from '../layout/formatTime';
import { Page } from '../layout/Page';

function statusOf(challenge: Challenge): string {
  if (challenge.finishedAt) return 'finished';
  return challenge.progressSent > 0 || challenge.teams.some((t) => t.progress > 0) ? 'running' : 'not started';
}

/** Challenges, newest first: each team's progress toward the goal as bars, then a table. */
export function ChallengesPage({ staff, challenges }: { staff: Staff; challenges: Challenge[] }) {
  return (
    <Page title="Challenges" staff={staff}>
      {challenges.length === 0 && <p class="muted">No challenges yet (created with POST /v1/challenges).</p>}
      {challenges.map((challenge) => (
        <section class="card" aria-labelledby={`h-${challenge.id}`} data-challenge={challenge.id}>
          <h2 id={`h-${challenge.id}`}>{challenge.name}</h2>
          <p>
            <span class="badge">{statusOf(challenge)}</span> {challenge.goal} {challenge.event ?? 'points'} per {challenge.teamAttribute ?? 'everyone together'},{' '}
            {formatTime(challenge.startsAt, staff.timezone)} to {formatTime(challenge.endsAt, staff.timezone)} · progress messages sent {challenge.progressSent} of {challenge.progressAt.length}
          </p>
          <BarChart name={`challenge-${challenge.id}`} title={`Progress of each team toward ${challenge.goal}`}
            empty="No team has taken part yet."
            bars={challenge.teams.map((team) => ({ label: team.team || 'Everyone', value: Math.min(team.progress, challenge.goal), of: challenge.goal }))} />
          <table aria-label={`Teams of ${challenge.name}`}>
            <thead><tr><th scope="col">Team</th><th scope="col">Members</th><th scope="col">Progress</th><th scope="col">Goal reached</th></tr></thead>
            <tbody>{challenge.teams.map((team) => (
              <tr><td>{team.team || 'Everyone'}</td><td>{team.members}</td><td>{team.progress}</td><td>{team.progress >= challenge.goal ? 'yes' : 'no'}</td></tr>
            ))}</tbody>
          </table>
        </section>
      ))}
    </Page>
  );
}
