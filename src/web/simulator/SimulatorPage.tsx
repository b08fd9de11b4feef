import type { LogEntry } from '../../engine/listWorkerMessages';
import type { Staff } from '../auth/staffSessions';
import { formatTime } from '../layout/formatTime';
import { CsrfField, Page } from '../layout/Page';
import { Message } from '../workers/ChatThread';
import { base } from '../webEnv';
import type { Simulation } from './loadSimulation';

/** The machine's state and the recorded progress: replaced live by the event stream. */
export function SimulationState({ sim, timeZone }: { sim: Simulation | undefined; timeZone: string }) {
  const conversation = sim?.conversation;
  if (!conversation) return <p class="muted">No test run yet: pick a journey and start.</p>;
  return (
    <div>
      <p>
        State <code data-testid="sim-state">{conversation.state}</code> · conversation <span data-testid="sim-status">{conversation.status}</span> · step {conversation.version}
        {conversation.nextTimerAt && <> · next timer {formatTime(conversation.nextTimerAt, timeZone)}</>}
      </p>
      <table aria-label="Recorded progress">
        <thead><tr><th scope="col">Touchpoint</th><th scope="col">Attempt</th><th scope="col">Done</th><th scope="col">Answer</th></tr></thead>
        <tbody data-testid="sim-progress">
          {sim.progress.map((p) => <tr><td>{p.touchpoint}</td><td>{p.attempt}</td><td>{p.completed ? (p.correct === false ? 'wrong' : p.correct ? 'correct' : 'yes') : 'waiting'}</td><td>{p.answer ?? ''}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** What the simulator page shows. */
export interface SimulatorPageProps {
  staff: Staff;
  versions: { id: string; title: string; version: number; status: string; languages: string[] | null }[];
  selected: string | undefined;
  sim: Simulation | undefined;
  messages: (LogEntry & { seq: string })[];
  /** A problem to show, e.g. no console channel. */
  problem?: string;
  /** Journey-level experiments, so the author can pick the variant a test run plays. */
  experiments?: { key: string; name: string; variants: string[] }[];
}

/** The simulator: a test worker chatting with a blueprint version through the real pipeline. */
export function SimulatorPage({ staff, versions, selected, sim, messages, problem, experiments }: SimulatorPageProps) {
  const current = selected ?? sim?.conversation?.blueprintId;
  const lastSeq = messages.at(-1)?.seq ?? '0';
  return (
    <Page title="Simulator" staff={staff} scripts={[`${base}/assets/simulator.js`]}>
      {problem && <p class="alert" role="alert">{problem}</p>}
      <form class="filters card" method="post" action={`${base}/simulator/start`}>
        <CsrfField staff={staff} />
        <p>
          <label for="sim-blueprint">Journey version</label>
          <select id="sim-blueprint" name="blueprint">
            {versions.map((v) => <option value={v.id} selected={v.id === current}>{`${v.title} · v${v.version} (${v.status})`}</option>)}
          </select>
        </p>
        <p>
          <label for="sim-language">Language of the test worker</label>
          <select id="sim-language" name="language">
            <option value="" selected={!sim?.language}>The journey's default</option>
            {[...new Set(versions.flatMap((v) => v.languages ?? []))].sort().map((language) => <option value={language} selected={language === sim?.language}>{language}</option>)}
          </select>
        </p>
        {(experiments ?? []).map((experiment) => (
          <p>
            <label for={`sim-variant-${experiment.key}`}>{`Variant of ${experiment.name} (${experiment.key})`}</label>
            <select id={`sim-variant-${experiment.key}`} name={`variant.${experiment.key}`}>
              <option value="">None (the default path)</option>
              {experiment.variants.map((variant) => <option value={variant}>{variant}</option>)}
            </select>
          </p>
        ))}
        <p><button type="submit">{sim?.conversation ? 'Restart the test run' : 'Start a test run'}</button></p>
        <p class="muted">Test worker {sim?.phone ?? 'made on start'}: its messages go through the same pipeline as WhatsApp, on the console channel.</p>
      </form>
      <div class="grid">
        <section aria-labelledby="h-chat">
          <h2 id="h-chat">Chat</h2>
          <ol class="thread" id="sim-thread" aria-label="Test conversation" aria-live="polite" data-after={lastSeq}>
            {messages.map((m) => <Message entry={m} timeZone={staff.timezone} />)}
          </ol>
          <form id="sim-say" method="post" action={`${base}/simulator/say`} class="filters">
            <CsrfField staff={staff} />
            <p><label for="sim-text">Reply as the worker</label><input id="sim-text" name="text" autocomplete="off" required /></p>
            <p><button type="submit">Send</button></p>
          </form>
        </section>
        <section class="card" aria-labelledby="h-state">
          <h2 id="h-state">Machine</h2>
          <div id="sim-live"><SimulationState sim={sim} timeZone={staff.timezone} /></div>
          <form method="post" action={`${base}/simulator/advance`}>
            <CsrfField staff={staff} />
            <button type="submit" class="secondary">Fire the next timer now</button>
          </form>
        </section>
      </div>
    </Page>
  );
}
