import { describe, expect, it } from 'vitest';
import { compileBlueprint } from '../../src/blueprints/compileBlueprint';
import type { BlueprintMachine } from '../../src/blueprints/compileBlueprint';
import type { BlueprintSnapshot } from '../../src/blueprints/exploreMachine';
import type { MachineEvent, WorkerFacts } from '../../src/blueprints/machineContract';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { start, step } from './support/replayJourney';
import type { PlainAction } from './support/replayJourney';

const HOUR = 3_600_000;

function load(file: string): BlueprintMachine {
  const { doc } = validateFlowFile(file);
  if (!doc) throw new Error(`${file} does not validate`);
  return compileBlueprint(doc);
}

/** A worker chatting with a machine, the way the engine drives it: pure transitions, persisted snapshots, timers kept aside. */
class Conversation {
  snapshot: BlueprintSnapshot;
  actions: PlainAction[];
  now: number;
  timers = new Map<string, { event: Record<string, unknown>; due: number }>();

  constructor(
    private machine: BlueprintMachine,
    worker: WorkerFacts,
  ) {
    this.now = worker.enrolledAt;
    const first = start(machine, { worker, at: this.now });
    this.snapshot = first.snapshot;
    this.actions = first.actions;
    this.keepTimers();
  }

  private keepTimers(): void {
    for (const a of this.actions) {
      if (a.type === 'xstate.raise') this.timers.set(String(a.params.id), { event: a.params.event as Record<string, unknown>, due: this.now + Number(a.params.delay) });
      if (a.type === 'xstate.cancel') this.timers.delete(String(a.params.sendId));
    }
  }

  send(event: MachineEvent): PlainAction[] {
    const next = step(this.machine, this.snapshot, event);
    this.snapshot = next.snapshot;
    this.actions = next.actions;
    this.keepTimers();
    return this.actions;
  }

  answer(text: string, replyId?: string): PlainAction[] {
    this.now += 60_000;
    return this.send({ type: 'ANSWER', text, ...(replyId ? { replyId } : {}), at: this.now });
  }

  /** Fires the timer with this id (or whose id starts with it) at its due time. */
  fire(idPrefix: string): PlainAction[] {
    const entry = [...this.timers].find(([id]) => id.startsWith(idPrefix));
    if (!entry) throw new Error(`no pending timer ${idPrefix}; pending: ${[...this.timers.keys()].join(', ')}`);
    const [id, timer] = entry;
    this.timers.delete(id);
    this.now = timer.due;
    return this.send({ ...timer.event, at: timer.due } as MachineEvent);
  }

  sent(): string[] {
    return this.actions.filter((a) => a.type === 'sendContent').map((a) => String(a.params.text));
  }
}

const lucia: WorkerFacts = {
  firstName: 'Lucía',
  language: 'es',
  timezone: 'America/Bogota', // UTC-5
  enrolledAt: Date.UTC(2026, 0, 5, 13), // Monday 08:00 in Bogotá
  attributes: { shift: 'night' },
  segments: [],
  variants: {},
  badges: [],
};

describe('weekly well-being check-in', () => {
  const machine = load('flows/wellbeing-checkin.yaml');

  it('waits for Monday 09:00 local, reminds, and supports a worker who feels low', () => {
    const chat = new Conversation(machine, lucia);
    expect(chat.actions).toEqual([expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ delay: HOUR }) })]);

    const ask = chat.fire('xstate.after.pace_how-are-you');
    const question = ask.find((a) => a.type === 'sendContent');
    expect(question?.params).toMatchObject({
      language: 'es',
      text: expect.stringContaining('¡Buenos días Lucía!'),
      interactive: 'list',
      expectsAnswer: true,
      template: { name: 'wellbeing_weekly', language: 'es', variables: ['Lucía'] },
    });
    expect([...chat.timers.keys()]).toEqual(['reminder', 'xstate.after.timeout_how-are-you.wellbeing-checkin.checkin.how-are-you.present']);

    chat.fire('reminder');
    expect(chat.sent()).toEqual(['Solo un momento, Lucía: ¿cómo te sientes, del 1 al 5?']);
    expect(chat.timers.has('reminder')).toBe(true); // the second of two reminders

    const low = chat.answer('2');
    expect(low).toContainEqual({ type: 'xstate.cancel', params: { sendId: 'reminder' } });
    expect([...chat.timers.keys()]).toEqual(['xstate.after.timeout_coach-call.wellbeing-checkin.support.coach-call.present']);
    expect(low).toContainEqual({ type: 'recordWellBeing', params: { touchpointKey: 'how-are-you', score: 2 } });
    expect(chat.sent()[0]).toContain('Gracias por contármelo, Lucía');
    expect(chat.sent()[1]).toContain('turnos de noche');
    expect(chat.sent()[2]).toContain('¿Quieres que');

    const done = chat.answer('whatever', 'yes');
    expect(done).toContainEqual({ type: 'recordAnswer', params: { touchpointKey: 'coach-call', text: 'whatever', optionId: 'yes' } });
    expect(done).toContainEqual({ type: 'awardBadge', params: { key: 'checked-in', name: 'Presente', reason: 'journeyCompleted', language: 'es' } });
    expect(done[done.length - 1]).toEqual({ type: 'journeyCompleted', params: { totalScore: 0, maxScore: 0, endedBy: 'rule' } });
    expect(chat.snapshot.status).toBe('done');
  });

  it('ends quietly when the worker never answers', () => {
    const chat = new Conversation(machine, { ...lucia, language: 'en' });
    chat.fire('xstate.after.pace_how-are-you');
    chat.fire('reminder');
    chat.fire('reminder');
    expect(chat.timers.has('reminder')).toBe(false);
    const end = chat.fire('xstate.after.timeout_how-are-you');
    expect(end.some((a) => a.type === 'awardBadge')).toBe(false);
    expect(end).toContainEqual({ type: 'recordProgress', params: { key: 'how-are-you', scope: 'touchpoint', status: 'skipped' } });
    expect(end[end.length - 1]).toMatchObject({ type: 'journeyCompleted', params: { endedBy: 'timeout' } });
  });

  it('ignores a stale reminder of another touchpoint', () => {
    const chat = new Conversation(machine, lucia);
    chat.fire('xstate.after.pace_how-are-you');
    expect(chat.send({ type: 'REMINDER', touchpoint: 'coach-call', at: chat.now })).toEqual([]);
  });
});

describe('onboarding', () => {
  const machine = load('flows/onboarding.yaml');
  const sam: WorkerFacts = { ...lucia, firstName: 'Sam', language: 'en', attributes: {} };

  it('re-asks with the hint, then gives up after the last attempt and moves on', () => {
    const chat = new Conversation(machine, sam);
    expect(chat.sent()[0]).toBe('Hi Sam! Welcome to the team. Over the next few minutes I will show you the basics.');
    expect(chat.actions.find((a) => a.type === 'sendContent')?.params.template).toEqual({ name: 'onboarding_welcome', language: 'en', variables: ['Sam'] });
    chat.answer('what?');
    expect(chat.sent()).toEqual(['Reply 1, 2 or 3 (or tap an option).']);
    const giveUp = chat.answer('still no idea');
    expect(giveUp.some((a) => a.type === 'recordScore')).toBe(false);
    expect(giveUp).toContainEqual({ type: 'recordProgress', params: { key: 'q-schedule', scope: 'touchpoint', status: 'skipped' } });
    expect(giveUp).toContainEqual({ type: 'answerGivenUp', params: { touchpointKey: 'q-schedule', language: 'en', rightAnswer: 'Team app' } });
    expect(chat.sent()).toEqual(['You feel sick before a shift. What do you do first?']);
    const right = chat.answer('call my SUPERVISOR');
    expect(right).toContainEqual({ type: 'recordScore', params: { touchpointKey: 'q-sick', attempt: 1, answer: 'call my SUPERVISOR', optionId: 'call', correct: true, points: 1, maxPoints: 1, totalScore: 1 } });
    expect(right.some((a) => a.type === 'awardBadge')).toBe(false); // q-schedule was not right first time
    chat.fire('xstate.after.pace_first-day');
    const end = chat.answer('Busy but good, my team helped me.');
    expect(end).toContainEqual({ type: 'recordReflection', params: { touchpointKey: 'first-day', feedbackText: 'Busy but good, my team helped me.' } });
    expect(chat.sent()).toEqual(['Thank you Sam! You finished onboarding with 1 of 2 points.']);
    expect(end).toContainEqual({ type: 'awardBadge', params: { key: 'first-steps', name: 'First steps', reason: 'journeyCompleted', language: 'en' } });
  });

  it('does not award a badge the worker already holds', () => {
    const chat = new Conversation(machine, { ...sam, badges: ['quick-learner'] });
    chat.answer('a');
    const actions = chat.answer('1');
    expect(actions.some((a) => a.type === 'awardBadge')).toBe(false);
  });
});

describe('safety training', () => {
  const machine = load('flows/safety-training.yaml');

  it('uses worker facts updated mid-journey (a segment joined on day 2 adds the warehouse tip)', () => {
    const worker: WorkerFacts = { ...lucia, language: 'en', segments: [] };
    const chat = new Conversation(machine, worker);
    chat.fire('xstate.after.pace_lift-intro');
    chat.answer('1');
    expect(chat.send({ type: 'WORKER_UPDATED', worker: { ...worker, segments: ['warehouse'] }, at: chat.now })).toEqual([]);
    chat.fire('xstate.after.pace_spill-intro');
    chat.answer('1');
    chat.fire('xstate.after.pace_exits-intro');
    expect(chat.sent()[1]).toContain('forklift lanes are never exit routes');
  });

  const ana: WorkerFacts = { ...lucia, firstName: 'Ana', language: 'en', timezone: 'America/Mexico_City', attributes: {}, enrolledAt: Date.UTC(2026, 0, 5, 20) };

  it('paces lessons at 09:00 local on days 1, 2 and 3 and loops through remediation on a wrong answer', () => {
    const chat = new Conversation(machine, ana); // enrolled Monday 14:00 local: day 1 at 09:00 has passed
    expect(chat.actions).toContainEqual(expect.objectContaining({ type: 'xstate.raise', params: expect.objectContaining({ delay: 0 }) }));
    chat.fire('xstate.after.pace_lift-intro');
    expect(chat.actions.find((a) => a.type === 'sendContent')?.params.media).toEqual({ kind: 'image', url: 'https://example.org/media/safe-lifting.png' });

    const wrong = chat.answer('Twist and lift');
    expect(wrong).toContainEqual(expect.objectContaining({ type: 'recordScore', params: expect.objectContaining({ attempt: 1, correct: false, points: 0 }) }));
    expect(chat.sent()).toEqual([
      "Not quite, let's look at it again.",
      expect.stringContaining('Your legs are stronger than your back'),
      'Quick check: how do you lift a heavy box?',
    ]);
    const right = chat.answer('a');
    expect(right).toContainEqual(expect.objectContaining({ type: 'recordScore', params: expect.objectContaining({ attempt: 2, correct: true, points: 1, totalScore: 1 }) }));

    const pace = chat.actions.find((a) => a.type === 'xstate.raise');
    expect(chat.now + Number(pace?.params.delay)).toBe(Date.UTC(2026, 0, 6, 15)); // Tuesday 09:00 in Mexico City
    chat.fire('xstate.after.pace_spill-intro');
    expect(chat.actions.find((a) => a.type === 'sendContent')?.params.template).toEqual({ name: 'safety_daily_lesson', language: 'en', variables: ['Ana', '2'] });
    chat.answer('1');
    expect(chat.actions).toContainEqual({ type: 'awardBadge', params: { key: 'safety-program-graduate', name: null, reason: 'phaseCompleted', language: 'en' } });
    const day3 = chat.actions.find((a) => a.type === 'xstate.raise');
    expect(chat.now + Number(day3?.params.delay)).toBe(Date.UTC(2026, 0, 7, 15));
    chat.fire('xstate.after.pace_exits-intro');
    expect(chat.sent()).toEqual([expect.stringContaining('Last day, Ana'), 'Boxes are stacked in front of an emergency exit. What do you do?']);
    chat.answer('clear or report it');
    const end = chat.answer('I will keep the exit by the loading dock clear.');
    // Right in the end but not at the first try: not "perfect".
    expect(chat.sent()).toEqual(['Thank you Ana! You finished the safety training with 3 of 3 points.']);
    const badges = end.filter((a) => a.type === 'awardBadge').map((a) => a.params.key);
    expect(badges).toEqual(['safety-champion']); // not right first time, so no safety-first-try
    expect(end[end.length - 1]).toEqual({ type: 'journeyCompleted', params: { totalScore: 3, maxScore: 3, endedBy: 'rule' } }); // the well-done text ends the journey by its rule
  });
});
