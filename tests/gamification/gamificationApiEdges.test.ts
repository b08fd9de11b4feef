import { beforeAll, describe, expect, it } from 'vitest';
import { recordLedgerEntries } from '../../src/gamification/recordLedgerEntries';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
let programId: string;
let workerId: string;

async function earn(worker: string, key: string, points: number) {
  await recordLedgerEntries(world().em(), [{ kind: 'quizAnswered', points, idempotencyKey: key, detail: { correct: true, firstTry: true } }], {
    workerId: worker, program: { programId }, at: world().clock.now(), timezone: 'UTC', ruleVersion: null, dailyCap: null, streakPeriod: 'day',
  });
}
const ledgerOf = async (worker: string) => (await world().admin('GET', `/v1/workers/${worker}/ledger?limit=200`)).json.entries as { id: string; kind: string; points: number; reversesId: string | null }[];

beforeAll(async () => {
  await publishFlows(world().em(), ['onboarding']);
  programId = String((await world().admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  workerId = String((await world().admin('POST', '/v1/workers', { fullName: 'W', phoneNumber: '+15553000200', attributes: { site: 'S1' } })).json.id);
});

describe('challenges under hostile input', () => {
  const window = () => ({ startsAt: new Date(world().clock.now() + 3_600_000).toISOString(), endsAt: new Date(world().clock.now() + 86_400_000).toISOString() });
  it('names the field of a date that does not exist or cannot be stored, and of a goal out of range', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: '2027-02-30T00:00:00Z' }, 'startsAt'],
      [{ startsAt: '0000-01-01T00:00:00Z' }, 'startsAt'],
      [{ endsAt: '+010000-01-01T00:00:00Z' }, 'endsAt'],
      [{ endsAt: '9999-12-31T23:00:00-05:00' }, 'endsAt'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ goal: 0 }, 'goal'],
      [{ goal: -5 }, 'goal'],
      [{ goal: 1.5 }, 'goal'],
      [{ goal: 1e12 }, 'goal'],
      [{ goal: '10' }, 'goal'],
      [{ progressAt: ['2027-02-30T00:00:00Z'] }, 'progressAt.0'],
    ];
    for (const [change, field] of cases) {
      const answer = await world().admin('POST', '/v1/challenges', { name: 'C', goal: 10, ...window(), ...change });
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.json.error, JSON.stringify(change)).toMatchObject({ field });
    }
  });

  it('creates overlapping challenges concurrently, each once', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => world().admin('POST', '/v1/challenges', { name: `Same ${i}`, goal: 10, ...window() })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const listed = (await world().admin('GET', '/v1/challenges?limit=100')).json.challenges as { id: string; name: string }[];
    expect(listed.filter((c) => c.name.startsWith('Same ')).map((c) => c.id).sort()).toEqual(answers.map((a) => String(a.json.id)).sort());
  });

  it('cancels a challenge once when asked twice at the same moment', async () => {
    const id = String((await world().admin('POST', '/v1/challenges', { name: 'Twice', goal: 10, ...window() })).json.id);
    const answers = await Promise.all([1, 2].map(() => world().admin('POST', `/v1/challenges/${id}/cancel`)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  });

  it('refuses a limit out of range on the list', async () => {
    for (const limit of ['0', '101', '-1', '1.5', 'x']) expect((await world().admin('GET', `/v1/challenges?limit=${limit}`)).json.error).toMatchObject({ field: 'limit' });
  });
});

describe('ledger reversals', () => {
  it('reverses an entry exactly once when asked twice at the same moment, and never a reversal', async () => {
    await earn(workerId, 'edge:concurrent', 7);
    const [entry] = (await ledgerOf(workerId)).filter((e) => e.points === 7);
    const answers = await Promise.all([1, 2, 3].map(() => world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: [entry.id], reason: 'duplicate' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + Number(a.json.reversed), 0)).toBe(1);
    const reversals = (await ledgerOf(workerId)).filter((e) => e.reversesId === entry.id);
    expect(reversals).toHaveLength(1);
    expect((await world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: [reversals[0].id], reason: 'undo' })).json).toEqual({ reversed: 0 });
    const [balance] = await world().sql<{ points: number }>('select points from gamification_balances where organization_id = :organization_id and worker_id = :w', { w: workerId });
    const [sum] = await world().sql<{ points: number }>('select sum(points)::int as points from gamification_ledger where organization_id = :organization_id and worker_id = :w', { w: workerId });
    expect(balance.points).toBe(sum.points);
  });

  it('counts an entry named twice in one request once', async () => {
    await earn(workerId, 'edge:twice', 3);
    const [entry] = (await ledgerOf(workerId)).filter((e) => e.points === 3);
    expect((await world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: [entry.id, entry.id], reason: 'x' })).json).toEqual({ reversed: 1 });
  });

  it("refuses another organization's worker, an empty or blank reason, and too many ids, naming the field", async () => {
    const other = String((await world().call(world().b.keys.org_admin, 'POST', '/v1/workers', { fullName: 'B', phoneNumber: '+15553000299' })).json.id);
    expect((await world().admin('POST', `/v1/workers/${other}/ledger/reversals`, { entryIds: [other], reason: 'x' })).status).toBe(404);
    expect((await world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: [workerId], reason: '   ' })).json.error).toMatchObject({ field: 'reason' });
    expect((await world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: [], reason: 'x' })).json.error).toMatchObject({ field: 'entryIds' });
    expect((await world().admin('POST', `/v1/workers/${workerId}/ledger/reversals`, { entryIds: ['nope'], reason: 'x' })).json.error).toMatchObject({ field: 'entryIds.0' });
  });
});

describe('leaderboards under hostile queries', () => {
  it('names a bad limit, week, period or attribute', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'], ['limit=101', 'limit'], ['limit=-3', 'limit'], ['limit=2.5', 'limit'],
      ['week=2026-02-30', 'week'], ['week=0000-01-05', 'week'], ['week=soon', 'week'],
      ['period=month', 'period'], ['attribute=site', 'attribute'], ['attribute=%3Avalue', 'attribute'],
      ['programId=not-a-uuid', 'programId'],
    ];
    for (const [query, field] of cases) {
      const answer = await world().admin('GET', `/v1/leaderboards?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json.error, query).toMatchObject({ field });
    }
  });

  it('reads a week given by any of its days as that week', async () => {
    await earn(workerId, 'edge:week', 11);
    const monday = new Date(world().clock.now());
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const wednesday = new Date(monday.getTime() + 2 * 86_400_000);
    const byMonday = await world().admin('GET', `/v1/leaderboards?programId=${programId}&week=${monday.toISOString().slice(0, 10)}`);
    const byWednesday = await world().admin('GET', `/v1/leaderboards?programId=${programId}&week=${wednesday.toISOString().slice(0, 10)}`);
    expect(byMonday.json.total).toBeGreaterThan(0);
    expect(byWednesday.json).toEqual(byMonday.json);
  });
});

describe('rules files with hostile points', () => {
  it('names points that are negative, fractional or too large to record, with their line', async () => {
    for (const points of ['-5', '1.5', '99999999999', '.nan', '.inf']) {
      const answer = await world().admin('POST', '/v1/gamification/rules', { source: `points:\n  - { on: quizAnswered, points: ${points} }\n` });
      expect(answer.status, points).toBe(422);
      expect(answer.json.issues, points).toEqual([expect.objectContaining({ path: 'points[0].points', line: 2 })]);
    }
  });

  it('answers an empty, a non-object and a binary rules file with a 422 or 400, never a 500', async () => {
    for (const source of ['', '[]', '42', '\u0000', '{', 'points: "many"']) {
      const answer = await world().admin('POST', '/v1/gamification/rules', { source });
      expect([400, 422], JSON.stringify(source)).toContain(answer.status);
    }
  });
});
