import type { Staff } from '../auth/staffSessions';
import { BarChart } from '../charts/BarChart';
import { LineChart } from '../charts/LineChart';
import { formatTime } from '../layout/formatTime';
import { Page } from '../layout/Page';
import { base } from '../webEnv';
import type { ProgramStats } from './loadProgramStats';

/** A program's charts: funnel, quizzes, score distribution, well-being, reflections. */
export function ProgramPage({ staff, stats }: { staff: Staff; stats: ProgramStats }) {
  const { program } = stats;
  return (
    <Page title={program.name} staff={staff}>
      <p>
        <span class="badge">{program.status}</span> <span data-testid="enrolled">{program.enrolled}</span> enrolled ·{' '}
        <span data-testid="completed">{program.completed}</span> completed ·{' '}
        sends on <span data-testid="channel">{program.channel_name ?? "the organization's default channel"}</span> ·{' '}
        <a href={`${base}/workers?program=${program.id}`}>its workers</a>
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="h-funnel">
          <h2 id="h-funnel">Completion funnel</h2>
          <p class="muted">Workers who completed each touchpoint, in journey order.</p>
          <BarChart name="funnel" title={`Workers who completed each touchpoint of ${program.name}`} max={program.enrolled}
            bars={stats.funnel.map((s) => ({ label: s.touchpoint, value: s.workers }))} />
        </section>
        <section class="card" aria-labelledby="h-quizzes">
          <h2 id="h-quizzes">Quizzes</h2>
          <p class="muted">Workers right at the first try, of those who answered.</p>
          <BarChart name="quiz-first-try" title="Workers right at the first try per quiz"
            bars={stats.quizzes.map((q) => ({ label: q.touchpoint, value: q.firstTryCorrect, note: `of ${q.answered}` }))} />
          <h3>Score distribution</h3>
          <BarChart name="quiz-distribution" title="Workers by number of quizzes answered correctly"
            bars={stats.distribution.map((d) => ({ label: `${d.correct} right`, value: d.workers }))} />
        </section>
        <section class="card" aria-labelledby="h-wb">
          <h2 id="h-wb">Well-being</h2>
          <p class="muted">Daily average of the answers (1 to 5).</p>
          <LineChart name="program-wellbeing" title={`Daily average well-being in ${program.name}`} min={1} max={5}
            points={stats.wellBeing.map((d) => ({ label: d.day.slice(5), value: Number(d.average) }))} />
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
