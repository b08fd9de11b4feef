import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { foldBoardMoves } from '../../src/gamification/foldBoardMoves';
import { readLeaderboard, readOwnRank, type LeaderboardRow } from '../../src/gamification/readLeaderboard';
import type { LeaderboardScope } from '../../src/gamification/leaderboardSql';
import { recordLedgerEntries } from '../../src/gamification/recordLedgerEntries';
import { reverseLedgerEntries } from '../../src/gamification/reverseLedgerEntries';
import { setLeaderboardDisplay } from '../../src/gamification/setLeaderboardDisplay';
import { days } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

interface Player {
  id: string;
  name: string;
  site: string;
  display: 'named' | 'anonymous' | 'hidden';
  inSegment: boolean;
}

/** Deterministic points: a few ties on purpose. */
const pointsOf = (i: number, round: number) => ((i * 7 + round * 3) % 5) * 10;

async function setUp() {
  const w = world();
  const otherProgram = randomUUID();
  await w.sql(`insert into programs (id, organization_id, name) values (:id, :organization_id, 'Second program')`, { id: otherProgram });
  const segment = randomUUID();
  await w.sql(`insert into segments (id, organization_id, name) values (:id, :organization_id, 'Night shift')`, { id: segment });
  const players: Player[] = [];
  for (let i = 0; i < 24; i++) {
    const worker = await w.addWorker({ fullName: `Player ${String(i).padStart(2, '0')}` });
    const player: Player = { id: worker.id, name: worker.fullName, site: i % 2 === 0 ? 'Store 14' : 'Store 9', display: i % 6 === 1 ? 'anonymous' : i % 6 === 2 ? 'hidden' : 'named', inSegment: i % 3 === 0 };
    await w.sql(`update workers set attributes = jsonb_build_object('site', :site::text) where organization_id = :organization_id and id = :id`, { id: player.id, site: player.site });
    if (player.inSegment) await w.sql('insert into worker_segment (worker_id, segment_id, organization_id) values (:id, :segment, :organization_id)', { id: player.id, segment });
    players.push(player);
  }
  // Two weeks of entries in two programs; one reversed.
  const lastWeek = w.clock.now() - days(7);
  for (const [i, player] of players.entries()) {
    for (const [round, at] of [lastWeek, w.clock.now()].entries()) {
      for (const program of [w.program.id, otherProgram]) {
        await recordLedgerEntries(w.em(), [{ kind: 'quizAnswered', points: pointsOf(i, round) + (program === otherProgram ? 5 : 0), idempotencyKey: `seed:${player.id}:${round}:${program}`, detail: {} }], {
          workerId: player.id, program: { programId: program }, at, timezone: 'UTC', ruleVersion: null, dailyCap: null, streakPeriod: 'day',
        });
      }
    }
  }
  // Chosen after the points were earned: boards follow at once.
  for (const player of players) expect(await setLeaderboardDisplay(w.em(), player.id, player.display)).toBe(true);
  const [reversed] = await w.sql<{ id: string }>(`select id from gamification_ledger where organization_id = :organization_id and idempotency_key = :key`, { key: `seed:${players[4].id}:1:${w.program.id}` });
  await reverseLedgerEntries(w.em(), { entryIds: [reversed.id] }, 'test', w.clock.now());
  return { players, otherProgram, segment };
}

/** The same board worked out from the raw ledger, in the test. */
async function recompute(players: Player[], scope: LeaderboardScope, weekStart: string): Promise<LeaderboardRow[]> {
  const entries = await world().sql<{ worker_id: string; program_id: string; points: number; week_start: string }>(
    `select worker_id, program_id, points, to_char(week_start, 'YYYY-MM-DD') as week_start from gamification_ledger where organization_id = :organization_id`,
  );
  const totals = new Map<string, number>();
  for (const e of entries) {
    if (scope.programId && e.program_id !== scope.programId) continue;
    if (scope.period === 'week' && e.week_start !== weekStart) continue;
    totals.set(e.worker_id, (totals.get(e.worker_id) ?? 0) + e.points);
  }
  const eligible = players
    .filter((p) => p.display !== 'hidden' && (totals.get(p.id) ?? 0) > 0)
    .filter((p) => !scope.segmentId || p.inSegment)
    .filter((p) => !scope.attribute || p.site === scope.attribute.value)
    .map((p) => ({ workerId: p.id, name: p.display === 'named' ? p.name : null, points: totals.get(p.id)! }))
    .sort((a, b) => b.points - a.points || (a.workerId < b.workerId ? -1 : 1));
  return eligible.map((row) => ({ ...row, rank: 1 + eligible.filter((o) => o.points > row.points).length }));
}

const thisWeek = '2026-01-05';

/** Every board (top, total, each worker's own rank) against the recomputation. */
async function expectBoardsToMatchLedger(players: Player[], scopes: LeaderboardScope[]) {
  const now = world().clock.now();
  for (const scope of scopes) {
    const expected = await recompute(players, scope, thisWeek);
    const board = await readLeaderboard(world().em(), scope, { limit: 100, showNames: true, now, timezone: 'UTC' });
    expect(board.rows, JSON.stringify(scope)).toEqual(expected);
    expect(board.total).toBe(expected.length);
    const top = await readLeaderboard(world().em(), scope, { limit: 5, showNames: false, now, timezone: 'UTC' });
    expect(top.rows).toEqual(expected.slice(0, 5).map((row) => ({ ...row, name: null })));
    for (const row of expected) {
      expect(await readOwnRank(world().em(), row.workerId, scope, now, 'UTC')).toEqual({ rank: row.rank, total: expected.length, points: row.points });
    }
  }
}

describe('leaderboards', () => {
  it('equal a recomputation from the ledger, for every scope and period, with ties, anonymity and opt-out, before and after the board moves are folded', async () => {
    const { players, otherProgram, segment } = await setUp();
    const now = world().clock.now();
    const scopes: LeaderboardScope[] = [];
    for (const period of ['week', 'allTime'] as const) {
      scopes.push({ period }, { period, programId: world().program.id }, { period, programId: otherProgram });
      scopes.push({ period, programId: world().program.id, segmentId: segment }, { period, attribute: { name: 'site', value: 'Store 14' } });
      scopes.push({ period, programId: otherProgram, attribute: { name: 'site', value: 'Store 9' } });
    }
    await expectBoardsToMatchLedger(players, scopes);
    expect(await foldBoardMoves(asSystem(world().deps.orm.em, 'test: fold board moves'))).toBeGreaterThan(0);
    await expectBoardsToMatchLedger(players, scopes);
    expect(new Set((await recompute(players, { period: 'allTime' }, thisWeek)).map((r) => r.rank)).size).toBeLessThan(players.length - 4);
    const hidden = players.find((p) => p.display === 'hidden')!;
    expect(await readOwnRank(world().em(), hidden.id, { period: 'allTime' }, now, 'UTC')).toBeNull();
  });
});
