import { describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../src/engine/fireDueTimers';
import { reverseLedgerEntries } from '../../src/gamification/reverseLedgerEntries';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

interface Entry {
  id: string;
  kind: string;
  points: number;
  idempotency_key: string;
  detail: Record<string, unknown>;
}

async function ledgerOf(workerId: string): Promise<Entry[]> {
  return world().sql<Entry>(
    'select id, kind, points, idempotency_key, detail from gamification_ledger where organization_id = :organization_id and worker_id = :worker order by recorded_at, idempotency_key',
    { worker: workerId },
  );
}

async function balanceOf(workerId: string): Promise<number | null> {
  const [row] = await world().sql<{ points: number }>(
    'select points from gamification_balances where organization_id = :organization_id and worker_id = :worker',
    { worker: workerId },
  );
  return row?.points ?? null;
}

/** Every balance and week total of the organization next to the sum of its ledger. */
async function balancesAgainstLedger() {
  return world().sql<{ kept: number; summed: number; weekKept: number; mismatched: number }>(
    `select coalesce((select sum(points) from gamification_balances where organization_id = :organization_id), 0)::int as kept,
            coalesce((select sum(points) from gamification_ledger where organization_id = :organization_id), 0)::int as summed,
            coalesce((select sum(points) from gamification_weekly_points where organization_id = :organization_id), 0)::int as "weekKept",
            (select count(*) from (
               select worker_id, program_id, sum(points) from gamification_ledger where organization_id = :organization_id group by 1, 2
               except select worker_id, program_id, points from gamification_balances where organization_id = :organization_id) d)::int as mismatched`,
  );
}

async function answerBothQuizzes(phoneNumber: string) {
  expect(await world().say(phoneNumber, '1')).toMatchObject({ kind: 'advanced' });
  expect(await world().say(phoneNumber, '1')).toMatchObject({ kind: 'advanced' });
}

describe('the points ledger', () => {
  it("records a step's earnings once, by the default rules, with the balance kept beside it", async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    await answerBothQuizzes(worker.phoneNumber!);
    const entries = await ledgerOf(worker.id);
    const quiz = entries.filter((e) => e.kind === 'quizAnswered');
    expect(quiz.map((e) => [e.detail.touchpoint, e.detail.firstTry, e.detail.correct, e.points])).toEqual([
      ['q-schedule', true, true, 10],
      ['q-sick', true, true, 10],
    ]);
    expect(entries.filter((e) => e.kind === 'touchpointCompleted').map((e) => e.detail.touchpoint)).toEqual(
      expect.arrayContaining(['hello', 'video', 'q-schedule', 'q-sick']),
    );
    expect(entries.find((e) => e.kind === 'badgeAwarded')?.detail.badge).toBe('quick-learner');
    expect(await balanceOf(worker.id)).toBe(entries.reduce((sum, e) => sum + e.points, 0));
  });

  it('awards once when the same webhook arrives fifty times at once', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => world().say(worker.phoneNumber!, '1', { providerMessageId: 'SM-gamified' })));
    expect(outcomes.filter((o) => o.kind === 'advanced')).toHaveLength(1);
    const quiz = (await ledgerOf(worker.id)).filter((e) => e.kind === 'quizAnswered');
    expect(quiz).toHaveLength(1);
    const entries = await ledgerOf(worker.id);
    expect(await balanceOf(worker.id)).toBe(entries.reduce((sum, e) => sum + e.points, 0));
  });

  it('awards once when a timer fires on two instances at the same moment', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    await answerBothQuizzes(worker.phoneNumber!);
    world().clock.advance(days(1));
    await Promise.all([fireDueTimers(world().deps), fireDueTimers(world().deps)]);
    // Nobody answers the reflection: its timeout skips to the end of the journey, on two instances at once.
    world().clock.advance(days(2));
    const ticks = await Promise.all([fireDueTimers(world().deps), fireDueTimers(world().deps)]);
    expect(ticks.reduce((sum, t) => sum + t.fired, 0)).toBeGreaterThanOrEqual(1);
    const entries = await ledgerOf(worker.id);
    expect(entries.filter((e) => e.kind === 'journeyCompleted')).toHaveLength(1);
    expect(new Set(entries.map((e) => e.idempotency_key)).size).toBe(entries.length);
    expect(await balanceOf(worker.id)).toBe(entries.reduce((sum, e) => sum + e.points, 0));
  });

  it('takes points back with a compensating entry, once, restoring the balance', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const before = await balanceOf(worker.id);
    await world().say(worker.phoneNumber!, '1');
    const quiz = (await ledgerOf(worker.id)).find((e) => e.kind === 'quizAnswered')!;
    const at = world().clock.now();
    expect(await reverseLedgerEntries(world().em(), { entryIds: [quiz.id] }, 'answered for a colleague', at)).toBe(1);
    expect(await reverseLedgerEntries(world().em(), { entryIds: [quiz.id] }, 'twice', at)).toBe(0);
    const entries = await ledgerOf(worker.id);
    const reversal = entries.find((e) => e.kind === 'reversal')!;
    expect(reversal.points).toBe(-quiz.points);
    expect(await balanceOf(worker.id)).toBe(entries.reduce((sum, e) => sum + e.points, 0));
    expect((await balanceOf(worker.id))! - (before ?? 0)).toBe(entries.filter((e) => e.kind === 'touchpointCompleted' && e.detail.touchpoint === 'q-schedule').reduce((s, e) => s + e.points, 0));

    // Erasing the worker takes back everything left.
    await reverseLedgerEntries(world().em(), { workerId: worker.id }, 'worker erased', at);
    expect(await balanceOf(worker.id)).toBe(0);
  });

  it('keeps workers.performance_metric at the ledger formula: 100 × right quizAnswered / all quizAnswered', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    expect(await world().say(worker.phoneNumber!, '2')).toMatchObject({ kind: 'advanced' }); // wrong, a second attempt follows
    expect(await world().say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
    const quiz = (await ledgerOf(worker.id)).filter((e) => e.kind === 'quizAnswered');
    expect(quiz.map((e) => e.detail.correct)).toEqual([false, true]);
    const [row] = await world().sql<{ performance_metric: number; quiz_answers: number; quiz_answers_correct: number }>(
      'select performance_metric, quiz_answers, quiz_answers_correct from workers where organization_id = :organization_id and id = :worker',
      { worker: worker.id },
    );
    expect(row).toEqual({ performance_metric: Math.round((100 * quiz.filter((e) => e.detail.correct).length) / quiz.length), quiz_answers: 2, quiz_answers_correct: 1 });
  });

  it('records nothing for a program with gamification off', async () => {
    await world().sql('update programs set gamification_enabled = false where organization_id = :organization_id and id = :program', { program: world().program.id });
    try {
      const worker = await world().addWorker();
      await world().enroll(worker.id);
      await answerBothQuizzes(worker.phoneNumber!);
      expect(await ledgerOf(worker.id)).toEqual([]);
    } finally {
      await world().sql('update programs set gamification_enabled = true where organization_id = :organization_id and id = :program', { program: world().program.id });
    }
  });

  it('keeps every balance equal to the sum of its ledger', async () => {
    const [check] = await balancesAgainstLedger();
    expect(check.kept).toBe(check.summed);
    expect(check.weekKept).toBe(check.summed);
    expect(check.mismatched).toBe(0);
  });
});
