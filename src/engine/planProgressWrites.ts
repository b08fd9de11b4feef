import { randomUUID } from 'node:crypto';

/** The assignment's progress as the step found it: attempts per touchpoint and the attempts still open. */
export interface ProgressState {
  /** Touchpoint id → attempts stored. */
  attempts: Record<string, number>;
  /** Attempts not completed yet (`completed_at is null`). */
  open: { id: string; touchpointId: string; attempt: number; answered: boolean }[];
}

export interface AttemptResultValues {
  answer: string | null;
  score: number | null;
  correct: boolean | null;
  feedback: string | null;
}

/** A worker_progress row the step adds. */
export interface ProgressInsert extends AttemptResultValues {
  id: string;
  touchpointId: string;
  attempt: number;
  startedAt: string;
  completedAt: string | null;
}

/** A stored open attempt the step completes (with its answer when `setResult`). */
export interface ProgressUpdate extends AttemptResultValues {
  id: string;
  completedAt: string;
  setResult: boolean;
}

interface Attempt {
  touchpointId: string;
  attempt: number;
  answered: boolean;
  completed: boolean;
  /** A row this step inserts, else the stored row's update (created when it changes). */
  insert?: ProgressInsert;
  storedId?: string;
}

const noResult: AttemptResultValues = { answer: null, score: null, correct: null, feedback: null };

/**
 * The progress writes of one step, decided in memory from the state read in the step's first
 * statement, with exactly the rules of `recordTouchpointProgress` applied in action order:
 * a start adds attempt n+1; a result fills the latest open unanswered attempt, else adds a
 * completed one; a completion closes the latest open attempt. Batched as inserts and updates.
 */
export function planProgressWrites(state: ProgressState, at: number) {
  const when = new Date(at).toISOString();
  const attempts = new Map(Object.entries(state.attempts));
  const open: Attempt[] = state.open.map((row) => ({ touchpointId: row.touchpointId, attempt: row.attempt, answered: row.answered, completed: false, storedId: row.id }));
  const inserts: ProgressInsert[] = [];
  const updates = new Map<string, ProgressUpdate>();

  const latest = (touchpointId: string, unansweredOnly: boolean) =>
    open
      .filter((row) => row.touchpointId === touchpointId && !row.completed && (!unansweredOnly || !row.answered))
      .sort((a, b) => b.attempt - a.attempt)[0];

  const add = (touchpointId: string, completedAt: string | null, result: AttemptResultValues): Attempt => {
    const attempt = (attempts.get(touchpointId) ?? 0) + 1;
    attempts.set(touchpointId, attempt);
    const insert: ProgressInsert = { id: randomUUID(), touchpointId, attempt, startedAt: when, completedAt, ...result };
    inserts.push(insert);
    const row: Attempt = { touchpointId, attempt, answered: result.answer !== null, completed: completedAt !== null, insert };
    open.push(row);
    return row;
  };

  const close = (row: Attempt, result: AttemptResultValues | undefined) => {
    row.completed = true;
    if (result) row.answered = result.answer !== null;
    if (row.insert) {
      Object.assign(row.insert, { completedAt: when }, result ?? {});
      return;
    }
    const id = row.storedId!;
    updates.set(id, { id, completedAt: when, setResult: result !== undefined, ...(result ?? noResult) });
  };

  return {
    start(touchpointId: string): void {
      add(touchpointId, null, noResult);
    },
    result(touchpointId: string, result: AttemptResultValues): void {
      const row = latest(touchpointId, true);
      if (row) close(row, result);
      else add(touchpointId, when, result);
    },
    complete(touchpointId: string): void {
      const row = latest(touchpointId, false);
      if (row) close(row, undefined);
    },
    writes: () => ({ inserts, updates: [...updates.values()] }),
  };
}

export type ProgressPlan = ReturnType<typeof planProgressWrites>;
