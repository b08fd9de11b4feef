import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordLedgerEntries } from '../../src/gamification/recordLedgerEntries';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let programId: string;
const workers: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await publishFlows(world.em(), ['onboarding']);
  programId = String((await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  for (let i = 0; i < 3; i++) {
    const id = String((await world.admin('POST', '/v1/workers', { fullName: `W${i}`, phoneNumber: `+1555300010${i}`, attributes: { site: 'Store 14' } })).json.id);
    workers.push(id);
    for (let n = 0; n < 3; n++) {
      await recordLedgerEntries(world.em(), [{ kind: 'quizAnswered', points: 10 * (i + 1), idempotencyKey: `api:${id}:${n}`, detail: { correct: true, firstTry: true } }], {
        workerId: id, program: { programId }, at: world.clock.now(), timezone: 'UTC', ruleVersion: null, dailyCap: null, streakPeriod: 'day',
      });
    }
  }
});
afterAll(async () => db.destroy());

describe('the gamification API', () => {
  it('refuses a rules file with every problem located, stores a good one as a version, backtests and switches it', async () => {
    const bad = await world.admin('POST', '/v1/gamification/rules', { source: 'points:\n  - { on: quizzAnswered, points: 5 }\n' });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: 'invalid_rules', field: 'source' });
    expect(bad.json.issues).toEqual([expect.objectContaining({ path: 'points[0].on', line: 2 })]);

    const source = 'points:\n  - { on: quizAnswered, points: 1 }\nbadges:\n  - { key: keen, name: { en: Keen }, condition: { when: count, event: quizAnswered, tiers: { bronze: 3 } } }\n';
    const backtest = await world.admin('POST', '/v1/gamification/rules/backtest', { source });
    expect(backtest.status).toBe(200);
    expect(backtest.json.workers).toBe(3);
    expect(backtest.json.changed).toEqual(expect.arrayContaining([expect.objectContaining({ workerId: workers[0], pointsBefore: 30, pointsAfter: 3, gains: ['keen:bronze'] })]));

    const stored = await world.admin('POST', '/v1/gamification/rules', { source });
    expect(stored.status).toBe(201);
    expect((await world.admin('POST', '/v1/gamification/rules/activate', { version: 99 })).status).toBe(404);
    expect((await world.admin('POST', '/v1/gamification/rules/activate', { version: stored.json.version })).status).toBe(204);
    expect((await world.admin('GET', '/v1/gamification/rules')).json).toMatchObject({ activeVersion: stored.json.version, versions: [{ version: 1, active: true }] });
  });

  it('refuses a rules file whose aliases expand too far, like any unreadable one', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const source = ['a: &a [1,1,1,1,1,1,1,1,1]', ...names.slice(1).map((name, i) => `${name}: &${name} [${Array(9).fill(`*${names[i]}`).join(',')}]`)].join('\n');
    for (const path of ['/v1/gamification/rules', '/v1/gamification/rules/backtest']) {
      const answer = await world.admin('POST', path, { source });
      expect(answer.status).toBe(422);
      expect(answer.json.error).toMatchObject({ code: 'invalid_rules', field: 'source' });
      expect(answer.json.issues).toEqual([expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('alias') })]);
    }
  });

  it('refuses a rules file with an alias inside the node it names, at the alias', async () => {
    for (const path of ['/v1/gamification/rules', '/v1/gamification/rules/backtest']) {
      const answer = await world.admin('POST', path, { source: 'points: &p\n  again: *p\n' });
      expect(answer.status).toBe(422);
      expect(answer.json.issues).toEqual([expect.objectContaining({ line: 2, column: 10, message: expect.stringContaining('repeat without end') })]);
    }
  });

  it('refuses streak points and a daily cap the ledger cannot hold, naming them, instead of failing every step that keeps a streak', async () => {
    const cases = [
      { source: 'streak:\n  keptPoints: 99999999999\n', path: 'streak.keptPoints', line: 2 },
      { source: 'dailyCap: 99999999999\n', path: 'dailyCap', line: 1 },
    ];
    for (const { source, path, line } of cases) {
      const answer = await world.admin('POST', '/v1/gamification/rules', { source });
      expect(answer.status).toBe(422);
      expect(answer.json.issues).toEqual([expect.objectContaining({ path, line })]);
    }
  });

  it('refuses a rules file whose YAML escapes make text PostgreSQL cannot store, at its line (it was a 500)', async () => {
    for (const escape of ['\\0', '\\ud800']) {
      const source = `badges:\n  - key: night-owl\n    name: { en: "Night${escape}owl" }\n    condition: { when: points, tiers: { bronze: 10 } }\n`;
      for (const path of ['/v1/gamification/rules', '/v1/gamification/rules/backtest']) {
        const answer = await world.admin('POST', path, { source });
        expect(answer.status, `${path} ${escape}`).toBe(422);
        expect(answer.json.issues).toEqual([expect.objectContaining({ path: 'badges[0].name.en', line: 3, message: expect.stringContaining('U+0000') })]);
      }
    }
  });

  it('shows ledgers in pages, balances, boards, and takes points back', async () => {
    const first = await world.admin('GET', `/v1/workers/${workers[2]}/ledger?limit=2`);
    expect(first.json.entries).toHaveLength(2);
    const second = await world.admin('GET', `/v1/workers/${workers[2]}/ledger?limit=2&cursor=${encodeURIComponent(String(first.json.nextCursor))}`);
    expect(second.json).toMatchObject({ nextCursor: null });
    expect((second.json.entries as unknown[]).length).toBe(1);
    expect((await world.admin('GET', `/v1/workers/${workers[2]}/ledger?cursor=nonsense`)).status).toBe(400);
    // Shaped like a cursor, but a time or an id PostgreSQL cannot read.
    for (const cursor of ['abc|ad1cd944-a52f-4352-af8f-ec96fef91235', '9999-99-99|ad1cd944-a52f-4352-af8f-ec96fef91235', `2026-12-07|${'-'.repeat(36)}`]) {
      const refused = await world.admin('GET', `/v1/workers/${workers[2]}/ledger?cursor=${encodeURIComponent(cursor)}`);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ field: 'cursor' });
    }

    const board = await world.admin('GET', `/v1/leaderboards?programId=${programId}&period=allTime&attribute=${encodeURIComponent('site:Store 14')}`);
    expect(board.json).toEqual({ total: 3, rows: [
      { rank: 1, workerId: workers[2], name: 'W2', points: 90 },
      { rank: 2, workerId: workers[1], name: 'W1', points: 60 },
      { rank: 3, workerId: workers[0], name: 'W0', points: 30 },
    ] });
    expect((await world.admin('PUT', `/v1/workers/${workers[1]}/leaderboard-display`, { display: 'anonymous' })).status).toBe(204);
    expect((await world.admin('PUT', `/v1/workers/${workers[2]}/leaderboard-display`, { display: 'hidden' })).status).toBe(204);
    expect((await world.admin('GET', `/v1/leaderboards?programId=${programId}&period=week`)).json.rows).toEqual([
      { rank: 1, workerId: workers[1], name: null, points: 60 },
      { rank: 2, workerId: workers[0], name: 'W0', points: 30 },
    ]);

    const [entry] = first.json.entries as { id: string; points: number }[];
    const reversal = await world.admin('POST', `/v1/workers/${workers[2]}/ledger/reversals`, { entryIds: [entry.id], reason: 'duplicate phone' });
    expect(reversal.json).toEqual({ reversed: 1 });
    expect((await world.admin('POST', `/v1/workers/${workers[0]}/ledger/reversals`, { entryIds: [entry.id], reason: 'x' })).status).toBe(404);
    expect((await world.admin('GET', `/v1/workers/${workers[2]}/points`)).json).toMatchObject({ points: 90 - entry.points, balances: [{ programId, points: 90 - entry.points }] });
    expect((await world.admin('PUT', `/v1/programs/${programId}/gamification`, { enabled: 'yes' })).json.error).toMatchObject({ field: 'enabled' });
  });
});

describe('the challenges API', () => {
  it('creates a challenge with progress from the ledger, names a bad field, and keeps organizations apart', async () => {
    const now = world.clock.now();
    const window = { startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() };
    const backwards = await world.admin('POST', '/v1/challenges', { name: 'Week', goal: 10, startsAt: window.endsAt, endsAt: window.startsAt });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.json)).toContain('endsAt');
    const strayMoment = await world.admin('POST', '/v1/challenges', { name: 'Week', goal: 10, ...window, progressAt: [new Date(now + 2 * 86_400_000).toISOString()] });
    expect(JSON.stringify(strayMoment.json)).toContain('progressAt');
    const unknownProgram = await world.admin('POST', '/v1/challenges', { name: 'Week', goal: 10, ...window, programId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownProgram.status).toBe(422);
    expect(unknownProgram.json.error).toMatchObject({ field: 'programId' });

    const created = await world.admin('POST', '/v1/challenges', { name: 'Quiz week', goal: 100, teamAttribute: 'site', event: 'quizAnswered', ...window });
    expect(created.status).toBe(201);
    // Nine quiz answers, one reversed by the test above: reversed entries do not count.
    expect(created.json.teams).toEqual([{ team: 'Store 14', members: 3, progress: 8, contributors: expect.arrayContaining(workers) }]);
    const listed = await world.admin('GET', '/v1/challenges');
    expect((listed.json.challenges as { id: string }[]).map((c) => c.id)).toContain(created.json.id);
    expect((await world.call(world.b.keys.org_admin, 'GET', `/v1/challenges/${String(created.json.id)}`)).status).toBe(404);
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/challenges')).json.challenges).toEqual([]);
  });

  it('edits a challenge only before it starts, cancels one not finished, refusing with the field named', async () => {
    const now = world.clock.now();
    const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
    const created = await world.admin('POST', '/v1/challenges', { name: 'Next week', goal: 20, startsAt: at(24), endsAt: at(48) });
    const id = String(created.json.id);
    const edited = await world.admin('PUT', `/v1/challenges/${id}`, { name: 'Next week, sites', goal: 30, teamAttribute: 'site', startsAt: at(24), endsAt: at(72), progressAt: [at(48)] });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ id, name: 'Next week, sites', goal: 30, teamAttribute: 'site', endsAt: at(72), progressAt: [at(48)], cancelledAt: null });
    const backwards = await world.admin('PUT', `/v1/challenges/${id}`, { name: 'X', goal: 5, startsAt: at(72), endsAt: at(24) });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.json)).toContain('endsAt');
    const unknownSegment = await world.admin('PUT', `/v1/challenges/${id}`, { name: 'X', goal: 5, startsAt: at(24), endsAt: at(48), segmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownSegment.json.error).toMatchObject({ code: 'segment_not_found', field: 'segmentId' });
    expect((await world.call(world.a.keys.coach, 'PUT', `/v1/challenges/${id}`, { name: 'X', goal: 5, startsAt: at(24), endsAt: at(48) })).status).toBe(403);
    expect((await world.call(world.b.keys.org_admin, 'POST', `/v1/challenges/${id}/cancel`)).status).toBe(404);

    world.clock.advance(25 * 3_600_000);
    const late = await world.admin('PUT', `/v1/challenges/${id}`, { name: 'Too late', goal: 5, startsAt: at(24), endsAt: at(48) });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'challenge_started', field: 'startsAt' });
    const cancelled = await world.admin('POST', `/v1/challenges/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ name: 'Next week, sites', cancelledAt: new Date(world.clock.now()).toISOString() });
    expect((await world.admin('POST', `/v1/challenges/${id}/cancel`)).json.error).toMatchObject({ code: 'challenge_finished', field: 'challengeId' });
    expect((await world.admin('PUT', `/v1/challenges/${id}`, { name: 'Again', goal: 5, startsAt: at(48), endsAt: at(72) })).status).toBe(409);
  });
});
