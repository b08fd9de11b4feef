import { describe, expect, it } from 'vitest';
import { deleteWorker } from '../../src/api/workers/saveWorker';
import { asSystem } from '../../src/db/tenancy/scopes';
import { foldBoardMoves } from '../../src/gamification/foldBoardMoves';
import { readLeaderboard, readOwnRank } from '../../src/gamification/readLeaderboard';
import { recordLedgerEntries } from '../../src/gamification/recordLedgerEntries';
import { reverseLedgerEntries } from '../../src/gamification/reverseLedgerEntries';
import { setLeaderboardDisplay } from '../../src/gamification/setLeaderboardDisplay';
import { boardCountsAgainstBalancesSql } from '../support/boardCounts';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });
const WORKERS = 1_000;

async function countsAgainstBalances() {
  const [row] = await world().sql<{ mismatched: number; boardValues: number }>(boardCountsAgainstBalancesSql);
  return row;
}

/** Two answers of a worker in one transaction, as a step writes them; the same keys again when replayed. */
function earn(workerId: string, i: number) {
  const w = world();
  return w.em().transactional((tx) =>
    recordLedgerEntries(tx, [
      { kind: 'quizAnswered', points: (i % 7) * 5, idempotencyKey: `board:${workerId}:1`, detail: {} },
      { kind: 'reflectionWritten', points: (i % 3) + 1, idempotencyKey: `board:${workerId}:2`, detail: {} },
    ], { workerId, program: { programId: w.program.id }, at: w.clock.now(), timezone: 'UTC', ruleVersion: null, dailyCap: null, streakPeriod: 'day' }));
}

async function programBoardTotal(period: 'week' | 'allTime') {
  const w = world();
  return (await readLeaderboard(w.em(), { programId: w.program.id, period }, { limit: 3, showNames: false, now: w.clock.now(), timezone: 'UTC' })).total;
}

async function listedWithPoints(): Promise<number> {
  const [row] = await world().sql<{ n: number }>(
    'select count(*)::int as n from gamification_balances where organization_id = :organization_id and program_id = :program and listed and points > 0',
    { program: world().program.id },
  );
  return row.n;
}

describe('board counts', () => {
  it('follow a thousand workers earning at once (replays included) without a shared row, through reversals, opt-outs, a deletion and the fold', async () => {
    const w = world();
    await w.sql(
      `insert into workers (organization_id, full_name, phone_number, language) select :organization_id, 'Board ' || i, '+1666' || lpad(i::text, 7, '0'), 'en' from generate_series(1, :count::int) i`,
      { count: WORKERS },
    );
    const workers = await w.sql<{ id: string }>("select id from workers where organization_id = :organization_id and phone_number like '+1666%' order by phone_number");
    // Each worker's step and its replay at the same moment, a hundred at a time (more would only wait
    // for the pool): many steps move the same points values together.
    const steps = workers.flatMap((worker, i) => [() => earn(worker.id, i), () => earn(worker.id, i)]);
    let inserted = 0;
    for (let i = 0; i < steps.length; i += 100) {
      for (const result of await Promise.all(steps.slice(i, i + 100).map((step) => step()))) inserted += result.inserted;
    }
    expect(inserted).toBe(2 * WORKERS);
    expect(await countsAgainstBalances()).toEqual({ mismatched: 0, boardValues: expect.any(Number) });
    expect((await countsAgainstBalances()).boardValues).toBeGreaterThan(20);
    expect(await programBoardTotal('allTime')).toBe(WORKERS);

    expect(await foldBoardMoves(asSystem(w.deps.orm.em, 'test: fold board moves'))).toBeGreaterThan(WORKERS);
    const [left] = await w.sql<{ n: number }>('select count(*)::int as n from gamification_board_moves where organization_id = :organization_id');
    expect(left.n).toBe(0);
    expect((await countsAgainstBalances()).mismatched).toBe(0);

    // After the fold: points taken back, workers hiding and coming back, one deleted, more earned.
    const [first, second, third, fourth] = workers;
    const reversed = await reverseLedgerEntries(w.em(), { workerId: first.id }, 'test', w.clock.now());
    expect(reversed).toBe(2);
    expect(await setLeaderboardDisplay(w.em(), second.id, 'hidden')).toBe(true);
    expect(await setLeaderboardDisplay(w.em(), third.id, 'hidden')).toBe(true);
    expect(await setLeaderboardDisplay(w.em(), third.id, 'anonymous')).toBe(true);
    await deleteWorker(w.em(), fourth.id);
    await w.em().transactional((tx) => recordLedgerEntries(tx, [{ kind: 'journeyCompleted', points: 20, idempotencyKey: `board:${third.id}:3`, detail: {} }], {
      workerId: third.id, program: { programId: w.program.id }, at: w.clock.now(), timezone: 'UTC', ruleVersion: null, dailyCap: null, streakPeriod: 'day',
    }));
    expect((await countsAgainstBalances()).mismatched).toBe(0);
    expect(await programBoardTotal('allTime')).toBe(await listedWithPoints());
    expect(await programBoardTotal('week')).toBe(await listedWithPoints());
    expect(await readOwnRank(w.em(), first.id, { programId: w.program.id, period: 'allTime' }, w.clock.now(), 'UTC')).toBeNull();

    await foldBoardMoves(asSystem(w.deps.orm.em, 'test: fold board moves'));
    expect((await countsAgainstBalances()).mismatched).toBe(0);
    const board = await readLeaderboard(w.em(), { programId: w.program.id, period: 'allTime' }, { limit: WORKERS, showNames: false, now: w.clock.now(), timezone: 'UTC' });
    expect(board.total).toBe(board.rows.length);
    for (const row of board.rows.filter((_, i) => i % 97 === 0)) {
      expect(await readOwnRank(w.em(), row.workerId, { programId: w.program.id, period: 'allTime' }, w.clock.now(), 'UTC')).toEqual({ rank: row.rank, total: board.total, points: row.points });
    }
  }, 120_000); // about 25 s on the shared, loaded two-core machine
});
