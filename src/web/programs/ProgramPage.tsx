import type { Child } from 'hono/jsx';
import type { AnalyticsFilters } from '../../analytics/analyticsFilters';
import type { ProgramAnalytics } from '../../analytics/loadProgramAnalytics';
import type { Staff } from '../auth/staffSessions';
import { BarChart, ofText } from '../charts/BarChart';
import { LineChart } from '../charts/LineChart';
import { formatTime } from '../layout/formatTime';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import { DeliveryTable } from './DeliveryTable';
import { formatDuration } from './formatDuration';
import type { ProgramStats } from './loadProgramStats';
import { ProgramFilterForm } from './ProgramFilterForm';
import { QuestionResults } from './QuestionResults';

export interface ProgramPageProps {
  staff: Staff;
  stats: ProgramStats;
  analytics: ProgramAnalytics;
  filters: AnalyticsFilters;
  /** A filter the page could not use, in words. */
  problem?: string;
  /** The dates card (ProgramDates). */
  dates?: Child;
  /** A message after a form. */
  notice?: string;
}

/** A program's figures, each chart with its denominator, an empty state saying why, and a table as its text alternative. */
export function ProgramPage({ staff, stats, analytics, filters, problem, dates, notice }: ProgramPageProps) {
  const { program } = stats;
  const quizzes = analytics.touchpoints.filter((t) => t.type === 'quiz');
  const questions = analytics.touchpoints.filter((t) => t.type === 'quiz' || t.type === 'question');
  const stopped = analytics.touchpoints.filter((t) => t.stoppedHere > 0);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <Page title={program.name} staff={staff}>
      <p>
        <span class="badge">{program.status}</span> <span data-testid="enrolled">{program.enrolled}</span> enrolled ·{' '}
        <span data-testid="completed">{program.completed}</span> completed ·{' '}
        <span data-testid="dropped">{program.dropped}</span> unenrolled ·{' '}
        sends on <span data-testid="channel">{program.channel_name ?? "the organization's default channel"}</span> ·{' '}
        <a href={`${base}/workers?program=${program.id}`}>its workers</a>
      </p>
      {notice && <p class="notice" role="status">{notice}</p>}
      {dates}
      <ProgramFilterForm programId={program.id} filters={filters} segments={stats.segments} problem={problem} />
      <p class="muted" data-testid="figures-as-of">
        {filtered && <>Filtered: <span data-testid="cohort">{analytics.enrolled}</span> of {program.enrolled} workers. </>}
        {analytics.refreshedAt ? `Figures as of ${formatTime(analytics.refreshedAt, staff.timezone)}.` : 'Figures are being computed for this large program: they appear within a minute.'}
        {analytics.replicaLagSeconds !== null && <> Read from the replica, <span data-testid="replica-lag">{analytics.replicaLagSeconds.toFixed(1)}</span> s behind.</>}
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="h-funnel">
          <h2 id="h-funnel">Completion funnel</h2>
          <p class="muted">Workers who completed each touchpoint, of the {analytics.enrolled} enrolled. A touchpoint counts once its message was sent, not while it waits in the queue or is held.</p>
          <BarChart name="funnel" title={`Workers who completed each touchpoint of ${program.name}, of ${analytics.enrolled} enrolled`}
            empty={analytics.enrolled === 0 ? 'No worker is enrolled (under these filters), so there is nothing to count yet.' : 'This program has no touchpoints.'}
            bars={analytics.touchpoints.map((t) => ({ label: t.text || t.touchpoint, value: t.completed, of: analytics.enrolled }))} />
          {analytics.touchpoints.length > 0 && (
            <table aria-label="Completion funnel (the chart as a table)" data-table="funnel">
              <thead><tr><th scope="col">Touchpoint</th><th scope="col">Sent to</th><th scope="col">Completed, of enrolled</th></tr></thead>
              <tbody>{analytics.touchpoints.map((t) => <tr><th scope="row">{t.text || t.touchpoint}</th><td>{t.reached}</td><td>{ofText(t.completed, analytics.enrolled)}</td></tr>)}</tbody>
            </table>
          )}
        </section>
        <section class="card" aria-labelledby="h-quizzes">
          <h2 id="h-quizzes">Quizzes</h2>
          <p class="muted">Workers right at the first try, of those who answered that quiz.</p>
          <BarChart name="quiz-first-try" title="Workers right at the first try per quiz, of those who answered it"
            empty={quizzes.length === 0 ? "This program's journeys have no quiz." : 'No worker has answered a quiz yet.'}
            bars={quizzes.map((q) => ({ label: q.text || q.touchpoint, value: q.firstTryCorrect, of: q.answered }))} />
          {quizzes.length > 0 && (
            <table aria-label="Quizzes (the chart as a table)" data-table="quiz-first-try">
              <thead><tr><th scope="col">Quiz</th><th scope="col">Right at the first try, of answered</th><th scope="col">Missed</th></tr></thead>
              <tbody>{quizzes.map((q) => <tr><th scope="row">{q.text || q.touchpoint}</th><td>{ofText(q.firstTryCorrect, q.answered)}</td><td>{q.missed}</td></tr>)}</tbody>
            </table>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="h-questions">
        <h2 id="h-questions">Per question</h2>
        {questions.length === 0 && <p class="muted">This program's journeys ask no question.</p>}
        {questions.map((q) => <QuestionResults question={q} />)}
      </section>
      <section class="card" aria-labelledby="h-dropoff">
        <h2 id="h-dropoff">Where workers stop</h2>
        <p class="muted">Enrolled workers who have not finished, by the last touchpoint they reached, and the median time since their last activity.</p>
        {stopped.length === 0
          ? <p class="muted" data-empty="dropoff">{analytics.enrolled === 0 ? 'No worker is enrolled (under these filters).' : 'No worker is waiting part-way: everyone reached has finished.'}</p>
          : (
            <table aria-label="Where workers stop" data-table="dropoff">
              <thead><tr><th scope="col">Last touchpoint reached</th><th scope="col">Workers</th><th scope="col">Since (median)</th></tr></thead>
              <tbody>{stopped.map((t) => <tr><th scope="row">{t.text || t.touchpoint}</th><td>{t.stoppedHere}</td><td>{formatDuration(t.stoppedForMedianSeconds)}</td></tr>)}</tbody>
            </table>
          )}
      </section>
      <section class="card" aria-labelledby="h-delivery">
        <h2 id="h-delivery">Messages</h2>
        <p class="muted">Every message of a touchpoint (question, reminders, feedback) by channel. Sent includes delivered and read.</p>
        <DeliveryTable analytics={analytics} />
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="h-wb">
          <h2 id="h-wb">Well-being</h2>
          <p class="muted">Daily average of the answers (1 to 5), all workers of the program.</p>
          {stats.wellBeing.length === 0
            ? <p class="muted" data-empty="program-wellbeing">No well-being answer yet: the average appears after the first check-in is answered.</p>
            : (
              <>
                <LineChart name="program-wellbeing" title={`Daily average well-being in ${program.name}`} min={1} max={5}
                  points={stats.wellBeing.map((d) => ({ label: d.day.slice(5), value: Number(d.average) }))} />
                <table aria-label="Well-being (the chart as a table)" data-table="program-wellbeing">
                  <thead><tr><th scope="col">Day</th><th scope="col">Average</th><th scope="col">Answers</th></tr></thead>
                  <tbody>{stats.wellBeing.map((d) => <tr><th scope="row">{d.day}</th><td>{d.average}</td><td>{d.answers}</td></tr>)}</tbody>
                </table>
              </>
            )}
        </section>
        <section class="card" aria-labelledby="h-reflections">
          <h2 id="h-reflections">Recent reflections</h2>
          {stats.reflections.length === 0 && <p class="muted">None yet.</p>}
          {stats.reflections.map((r) => (
            <blockquote>
              <p>{r.answer}</p>
              <footer class="muted"><a href={`${base}/workers/${r.worker_id}`}>{r.full_name}</a> · {r.touchpoint} · {formatTime(r.completed_at, staff.timezone)}</footer>
            </blockquote>
          ))}
        </section>
      </div>
    </Page>
  );
}
