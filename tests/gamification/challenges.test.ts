import { describe, expect, it } from 'vitest';
import { cancelChallenge } from '../../src/gamification/cancelChallenge';
import { createChallenge, readChallenges } from '../../src/gamification/challenges';
import { runDueChallenges } from '../../src/engine/runDueChallenges';
import { startScheduler } from '../../src/scheduler/startScheduler';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

/** Messages of a challenge, per worker, oldest first. */
async function challengeMessages(challengeId: string) {
  return world().sql<{ worker_id: string; body: string }>(
    "select worker_id, body from messages where organization_id = :organization_id and payload ->> 'challengeId' = :challenge order by seq",
    { challenge: challengeId },
  );
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('waited 10 s in vain');
}

describe('a team challenge', () => {
  it('is played end to end through the engine: progress message, final announcement, winners awarded once', async () => {
    const w = world();
    const [ada, ben, cai] = [await w.addWorker({ fullName: 'Ada' }), await w.addWorker({ fullName: 'Ben' }), await w.addWorker({ fullName: 'Cai' })];
    for (const [worker, site] of [[ada, 'Store 14'], [ben, 'Store 14'], [cai, 'Store 9']] as const) {
      await w.sql('update workers set attributes = :attributes::jsonb where organization_id = :organization_id and id = :worker', { worker: worker.id, attributes: JSON.stringify({ site }) });
      await w.enroll(worker.id);
    }
    await w.sql("update workers set language = 'es' where organization_id = :organization_id and id = :worker", { worker: ben.id });
    const start = w.clock.now();
    await w.say(ada.phoneNumber!, 'Team app');
    await w.say(ada.phoneNumber!, '1');
    await w.say(ben.phoneNumber!, 'Break room board');

    const [{ done }] = await w.sql<{ done: number }>(
      "select count(*)::int as done from gamification_ledger l join workers x on x.id = l.worker_id where l.organization_id = :organization_id and l.kind = 'touchpointCompleted' and x.attributes ->> 'site' = 'Store 14'",
    );
    const id = await createChallenge(w.em(), {
      name: 'Store week', programId: w.program.id, teamAttribute: 'site', event: 'touchpointCompleted', goal: done,
      startsAt: new Date(start - 1000), endsAt: new Date(start + days(7)), progressAt: [new Date(start + days(1))],
    });
    const [before] = await readChallenges(w.em(), { ids: [id], limit: 1 });
    expect(before.teams.map((t) => [t.team, t.members, t.progress])).toEqual([['Store 14', 2, done], ['Store 9', 1, before.teams[1].progress]]);
    expect(before.teams[1].progress).toBeLessThan(done);
    expect(before.teams[0].contributors.sort()).toEqual([ada.id, ben.id].sort());

    // Driven by the scheduler's cron job (run coordinator on cron_runs), with the world's movable clock.
    const scheduler = startScheduler({ ...w.deps, timerTickCron: '0 0 1 1 *', jobs: [{ name: 'challenges', cron: '* * * * * *', run: async () => void (await runDueChallenges(w.deps)) }] });
    try {
      expect(await challengeMessages(id)).toEqual([]);
      w.clock.advance(days(1));
      const progress = await waitFor(() => challengeMessages(id), (rows) => rows.length === 3);
      expect(progress.find((m) => m.worker_id === ada.id)?.body).toBe(`Store week: Store 14 is at ${done} of ${done} so far. Keep going!`);
      expect(progress.find((m) => m.worker_id === ben.id)?.body).toBe(`Store week: Store 14 lleva ${done} de ${done} por ahora. ¡Sigan así!`);

      w.clock.advance(days(6));
      const all = await waitFor(() => challengeMessages(id), (rows) => rows.length === 6);
      const final = all.slice(3);
      expect(final.find((m) => m.worker_id === ada.id)?.body).toBe(`Store week is over: Store 14 reached ${done} of ${done}. You won, well done!`);
      expect(final.find((m) => m.worker_id === cai.id)?.body).toMatch(/^Store week is over: Store 9 made \d+ of \d+\. Thank you for taking part!$/);
    } finally {
      await scheduler.stop();
    }

    // Run again (a second instance, a retried job): nothing more is sent or awarded.
    expect(await runDueChallenges(w.deps)).toEqual({ progressSent: 0, finished: 0 });
    expect(await challengeMessages(id)).toHaveLength(6);
    const won = await w.sql<{ worker_id: string; idempotency_key: string }>(
      "select worker_id, idempotency_key from gamification_ledger where organization_id = :organization_id and kind = 'challengeWon' order by idempotency_key",
    );
    expect(won.map((r) => r.worker_id).sort()).toEqual([ada.id, ben.id].sort());
    expect(won.every((r) => r.idempotency_key === `challenge:${id}:${r.worker_id}`)).toBe(true);
    const [after] = await readChallenges(w.em(), { ids: [id], limit: 1 });
    expect(after.finishedAt).not.toBeNull();
    expect(after.progressSent).toBe(1);
  });
});

describe('a cancelled challenge', () => {
  /** A one-team challenge of two newly enrolled workers that their team already reached, ending in three days. */
  async function reachedChallenge(name: string) {
    const w = world();
    const [dan, eve] = [await w.addWorker({ fullName: 'Dan' }), await w.addWorker({ fullName: 'Eve' })];
    for (const worker of [dan, eve]) {
      await w.sql('update workers set attributes = :attributes::jsonb where organization_id = :organization_id and id = :worker', { worker: worker.id, attributes: JSON.stringify({ cohort: name }) });
      await w.enroll(worker.id);
    }
    const start = w.clock.now();
    await w.say(dan.phoneNumber!, 'Team app');
    await w.say(dan.phoneNumber!, '1');
    const id = await createChallenge(w.em(), {
      name, attribute: { name: 'cohort', value: name }, event: 'touchpointCompleted', goal: 1,
      startsAt: new Date(start - 1000), endsAt: new Date(start + days(3)), progressAt: [new Date(start + days(1)), new Date(start + days(2))],
    });
    const [challenge] = await readChallenges(w.em(), { ids: [id], limit: 1 });
    expect(challenge.teams.map((t) => [t.members, t.progress >= challenge.goal])).toEqual([[2, true]]); // it would be won
    return id;
  }

  /** Past its last progress moment and its end, the job runs: it sends and awards nothing more. */
  async function expectNothingMoreAfterItsEnd(id: string, messagesBefore: number) {
    const w = world();
    w.clock.advance(days(3));
    expect(await runDueChallenges(w.deps)).toEqual({ progressSent: 0, finished: 0 });
    expect(await challengeMessages(id)).toHaveLength(messagesBefore);
    expect(await w.sql("select 1 from gamification_ledger where organization_id = :organization_id and idempotency_key like :key", { key: `challenge:${id}:%` })).toEqual([]);
    const [after] = await readChallenges(w.em(), { ids: [id], limit: 1 });
    expect(after.finishedAt).toEqual(after.cancelledAt);
  }

  it('is never announced: its progress messages still queued are withdrawn, and no later moment, end or award follows', async () => {
    const w = world();
    const id = await reachedChallenge('Cohort A');
    w.clock.advance(days(1));
    expect(await runDueChallenges(w.deps)).toEqual({ progressSent: 1, finished: 0 });
    const queued = await w.sql<{ status: string }>("select status from messages where organization_id = :organization_id and payload ->> 'challengeId' = :id", { id });
    expect(queued.map((m) => m.status)).toEqual(['queued', 'queued']); // no dispatcher here: as if held back by quiet hours

    expect(await cancelChallenge(w.em(), id, w.clock.now())).toEqual({ id });
    expect(await challengeMessages(id)).toEqual([]);
    await expectNothingMoreAfterItsEnd(id, 0);
  });

  it('is not announced by a job that runs while the cancellation is being committed', async () => {
    const w = world();
    const id = await reachedChallenge('Cohort B');
    w.clock.advance(days(1));
    let commit = () => {};
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let cancelling = () => {};
    const cancelled = new Promise<void>((resolve) => (cancelling = resolve));
    const cancel = w.em().transactional(async (tx) => {
      expect(await cancelChallenge(tx, id, w.clock.now())).toEqual({ id });
      cancelling();
      await committed;
    });
    await cancelled;
    expect(await runDueChallenges(w.deps)).toEqual({ progressSent: 0, finished: 0 }); // the row is locked by the cancellation: skipped
    commit();
    await cancel;
    expect(await runDueChallenges(w.deps)).toEqual({ progressSent: 0, finished: 0 });
    await expectNothingMoreAfterItsEnd(id, 0);
  });
});
