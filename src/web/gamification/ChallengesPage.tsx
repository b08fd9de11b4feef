import type { Challenge } from '../../gamification/challenges';
import type { Staff } from '../auth/staffSessions';
import { BarChart } from '../charts/BarChart';
import { formatTime } from '../layout/formatTime';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import { ChallengeForm, type ChallengeFormProps } from './ChallengeForm';

/** What the challenges page shows; `newForm` (the create form, with what was typed and refused) only to staff who may write. */
export interface ChallengesPageProps {
  staff: Staff;
  challenges: Challenge[];
  /** Epoch ms: a challenge starting later can still be edited. */
  now: number;
  newForm?: Omit<ChallengeFormProps, 'staff' | 'action' | 'submitLabel'>;
  /** What was just done, e.g. "Challenge Store week cancelled." */
  notice?: string;
}

function statusOf(challenge: Challenge, now: number): string {
  if (challenge.cancelledAt) return 'cancelled';
  if (challenge.finishedAt) return 'finished';
  return new Date(challenge.startsAt).getTime() > now ? 'not started' : 'running';
}

/** Challenges, newest first: each team's progress toward the goal as bars, then a table; edit, cancel and create for program managers. */
export function ChallengesPage({ staff, challenges, now, newForm, notice }: ChallengesPageProps) {
  return (
    <Page title="Challenges" staff={staff}>
      {notice && <p class="notice" role="status">{notice}</p>}
      {challenges.length === 0 && <p class="muted">No challenges yet.</p>}
      {challenges.map((challenge) => {
        const status = statusOf(challenge, now);
        return (
          <section class="card" aria-labelledby={`h-${challenge.id}`} data-challenge={challenge.id}>
            <h2 id={`h-${challenge.id}`}>{challenge.name}</h2>
            <p>
              <span class="badge" data-testid="challenge-status">{status}</span> {challenge.goal} {challenge.event ?? 'points'} per {challenge.teamAttribute ?? 'everyone together'},{' '}
              {formatTime(challenge.startsAt, staff.timezone)} to {formatTime(challenge.endsAt, staff.timezone)} · progress messages sent {challenge.progressSent} of {challenge.progressAt.length}
            </p>
            {newForm && (status === 'not started' || status === 'running') && (
              <form method="post" action={`${base}/challenges/${challenge.id}/cancel`} class="inline">
                <CsrfField staff={staff} />
                {status === 'not started' && <a href={`${base}/challenges/${challenge.id}/edit`}>Edit {challenge.name}</a>}{' '}
                <button type="submit" class="secondary">Cancel {challenge.name}</button>
              </form>
            )}
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
        );
      })}
      {newForm && (
        <section class="card" aria-labelledby="h-new-challenge">
          <h2 id="h-new-challenge">New challenge</h2>
          <ChallengeForm staff={staff} action={`${base}/challenges`} submitLabel="Create challenge" {...newForm} />
        </section>
      )}
    </Page>
  );
}
