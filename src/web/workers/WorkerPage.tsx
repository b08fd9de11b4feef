import type { LogPage } from '../../engine/listWorkerMessages';
import type { InboxItem } from '../../inbox/listInboxItems';
import type { WorkerStanding } from '../../gamification/readWorkerStanding';
import type { Staff } from '../auth/staffSessions';
import { LineChart } from '../charts/LineChart';
import { formatTime } from '../layout/formatTime';
import { CsrfField, Page } from '../layout/Page';
import { base } from '../webEnv';
import { InboxItemCard } from '../inbox/InboxItemCard';
import { ChatThread } from './ChatThread';
import type { WorkerDetail } from './loadWorkerDetail';

/** What the worker page shows. */
export interface WorkerPageProps {
  staff: Staff;
  detail: WorkerDetail;
  /** Points in all programs and the streak (`readWorkerStanding`). */
  standing: WorkerStanding;
  log: LogPage;
  /** The newest message's sequence number when the page was read: the live thread starts after it. */
  lastSeq: string;
  /** An older page of the log (no live updates). */
  olderPage: boolean;
  /** Whether this staff member may reply and pause the bot. */
  canCoach: boolean;
  /** A message after a form: a notice, or an error (e.g. the window is closed). */
  flash?: { kind: 'notice' | 'alert'; text: string };
  /** The worker's coach inbox items, newest first, when the staff member may read the inbox. */
  inbox?: { items: InboxItem[]; people: { id: string; name: string }[]; canManage: boolean };
  /** Whether this staff member may unenroll the worker from a program. */
  canUnenroll: boolean;
}

const dateFormat = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });

function Handoff({ staff, detail, canCoach }: Pick<WorkerPageProps, 'staff' | 'detail' | 'canCoach'>) {
  const { worker } = detail;
  const action = `${base}/workers/${worker.id}`;
  return (
    <section class="card" aria-labelledby="h-handoff">
      <h2 id="h-handoff">Coach</h2>
      {worker.handoff_requested_at
        ? <p class="badge warn" data-testid="handoff-flag">Asked for a person at {formatTime(worker.handoff_requested_at, staff.timezone)}</p>
        : <p class="muted">No open request for a person.</p>}
      <p>Bot: <strong data-testid="bot-state">{worker.bot_paused ? 'paused' : 'running'}</strong></p>
      {canCoach && (
        <>
          <form method="post" action={`${action}/bot`}>
            <CsrfField staff={staff} />
            <input type="hidden" name="paused" value={worker.bot_paused ? 'false' : 'true'} />
            <button type="submit" class="secondary">{worker.bot_paused ? 'Resume the bot' : 'Pause the bot'}</button>
          </form>
          <form method="post" action={`${action}/reply`}>
            <CsrfField staff={staff} />
            <p><label for="reply">Reply as {staff.name}</label><textarea id="reply" name="text" rows={3} cols={40} maxlength={4096} required></textarea></p>
            <button type="submit">Send reply</button>
          </form>
        </>
      )}
    </section>
  );
}

function Unenroll({ staff, workerId, programId, program }: { staff: Staff; workerId: string; programId: string; program: string }) {
  return (
    <form method="post" action={`${base}/workers/${workerId}/unenroll`} aria-label={`Unenroll from ${program}`}>
      <CsrfField staff={staff} />
      <input type="hidden" name="programId" value={programId} />
      <label for={`reason-${programId}`}>Reason</label>{' '}
      <input id={`reason-${programId}`} name="reason" required maxlength={500} placeholder="e.g. left the company" />{' '}
      <button type="submit" class="secondary">Unenroll</button>
    </form>
  );
}

function Progress({ staff, detail, timeZone, canUnenroll }: { staff: Staff; detail: WorkerDetail; timeZone: string; canUnenroll: boolean }) {
  if (detail.programs.length === 0) return <p class="muted">Not enrolled in any program.</p>;
  return (
    <>
      {detail.programs.map((p) => (
        <div class="card" data-program={p.program}>
          <h3>{p.program} <span class="badge">{p.status}</span></h3>
          <p><span data-testid="touchpoints-done">{p.touchpointsDone}</span> of {p.touchpointsTotal} touchpoints done</p>
          {canUnenroll && p.status === 'active' && <Unenroll staff={staff} workerId={detail.worker.id} programId={p.programId} program={p.program} />}
          {p.quizzes.length > 0 && (
            <table aria-label={`Quiz answers in ${p.program}`}>
              <thead><tr><th scope="col">Quiz</th><th scope="col">Attempt</th><th scope="col">Answer</th><th scope="col">Result</th></tr></thead>
              <tbody>{p.quizzes.map((q) => <tr><td>{q.key}</td><td>{q.attempt}</td><td>{q.answer ?? ''}</td><td>{q.correct ? 'correct' : q.correct === false ? 'wrong' : '–'}{q.score !== null ? ` (${q.score})` : ''}</td></tr>)}</tbody>
            </table>
          )}
          {p.reflections.length > 0 && (
            <>
              <h4>Reflections</h4>
              {p.reflections.map((r) => <blockquote><p>{r.answer}</p><footer class="muted">{r.key} · {formatTime(r.at, timeZone)}</footer></blockquote>)}
            </>
          )}
        </div>
      ))}
    </>
  );
}

/** A worker: facts, handoff and coach tools, the thread, progress, badges and well-being. */
export function WorkerPage({ staff, detail, standing, log, lastSeq, olderPage, canCoach, flash, inbox, canUnenroll }: WorkerPageProps) {
  const { worker } = detail;
  const day = dateFormat(staff.timezone);
  return (
    <Page title={worker.full_name} staff={staff} scripts={[`${base}/assets/live-thread.js`]}>
      {flash && <p class={flash.kind} role={flash.kind === 'alert' ? 'alert' : 'status'}>{flash.text}</p>}
      <p>
        {worker.phone_number} · language {worker.language ?? 'default'} ·{' '}
        {worker.status === 'active'
          ? <span class="badge" data-testid="opt-state">active</span>
          : <span class="badge bad" data-testid="opt-state">{worker.status.replace('_', ' ')}{worker.opted_out_at ? ` since ${formatTime(worker.opted_out_at, staff.timezone)}` : ''}</span>}
        {worker.quiz_percent !== null && <> · quizzes right {worker.quiz_percent}% (a question missed counts as wrong)</>}
      </p>
      <div class="grid">
        <section aria-labelledby="h-thread">
          <h2 id="h-thread">Conversation</h2>
          {log.messages.length === 0 && <p class="muted">No messages yet.</p>}
          {/* Only the newest page follows new messages live. */}
          <ChatThread entries={log.messages} timeZone={staff.timezone} live={olderPage ? undefined : `${base}/workers/${worker.id}/events?after=${lastSeq}`} />
          {log.nextCursor && <p><a href={`${base}/workers/${worker.id}?before=${log.nextCursor}`}>Older messages</a></p>}
        </section>
        <div>
          <Handoff staff={staff} detail={detail} canCoach={canCoach} />
          {inbox && (
            <section aria-labelledby="h-inbox">
              <h2 id="h-inbox">Coach inbox</h2>
              {inbox.items.length === 0
                ? <p class="muted">Nothing raised for this worker.</p>
                : inbox.items.map((item) => <InboxItemCard staff={staff} item={item} people={inbox.people} canManage={inbox.canManage} back={`${base}/workers/${worker.id}`} />)}
            </section>
          )}
          <section class="card" aria-labelledby="h-wellbeing">
            <h2 id="h-wellbeing">Well-being</h2>
            <LineChart name="worker-wellbeing" title={`Well-being answers of ${worker.full_name} (1 to 5)`} min={1} max={5}
              points={detail.wellBeing.map((w) => ({ label: day.format(new Date(w.answered_at)), value: w.value }))} />
          </section>
          <section class="card" aria-labelledby="h-points">
            <h2 id="h-points">Points and streak</h2>
            <p><span data-testid="points">{standing.points}</span> points</p>
            <p>
              Streak: <span data-testid="streak">{standing.streak.current}</span> {standing.period === 'day' ? 'days' : 'weeks'} in a row
              (best {standing.streak.longest}, {standing.streak.freezesLeft} freezes left{standing.streak.keptThisPeriod ? ', kept this period' : ''})
            </p>
          </section>
          <section class="card" aria-labelledby="h-badges">
            <h2 id="h-badges">Badges</h2>
            {detail.badges.length === 0 ? <p class="muted">None yet.</p> : detail.badges.map((b) => <span class="badge" title={formatTime(b.awarded_at, staff.timezone)}>{b.name}</span>)}
          </section>
        </div>
      </div>
      <h2>Progress</h2>
      <Progress staff={staff} detail={detail} timeZone={staff.timezone} canUnenroll={canUnenroll} />
    </Page>
  );
}
