import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp } from '../support/signInOverHttp';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, type WebWorld } from '../support/webWorld';
import { seedAnalyticsProgram } from './seedAnalyticsProgram';

let db: TestDatabase;
let world: WebWorld;
let seeded: Awaited<ReturnType<typeof seedAnalyticsProgram>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  seeded = await seedAnalyticsProgram(world);
  await world.addStaff('program_manager', 'pm@example.test');
});
afterAll(async () => {
  await world?.close();
  await db?.destroy();
});

const api = async (path: string) => {
  const answer = await world.request(path, { headers: { authorization: `Bearer ${world.apiKey}` } });
  return { status: answer.status, text: await answer.text() };
};

describe('GET /v1/programs/{id}/analytics', () => {
  it('answers the figures, filtered, and names a bad filter', async () => {
    const all = JSON.parse((await api(`/v1/programs/${world.program.id}/analytics`)).text);
    expect([all.enrolled, all.completed]).toEqual([4, 1]);
    expect(all.touchpoints.find((t: { touchpoint: string }) => t.touchpoint === 'q-schedule')).toMatchObject({ text: '¿Dónde encuentras tu horario de turnos?', reached: 3, missed: 2 });
    const day = JSON.parse((await api(`/v1/programs/${world.program.id}/analytics?segmentId=${seeded.segmentId}`)).text);
    expect(day.enrolled).toBe(2);
    const unknownSegment = await api(`/v1/programs/${world.program.id}/analytics?segmentId=00000000-0000-4000-8000-000000000000`);
    expect(unknownSegment.status).toBe(400);
    expect(JSON.parse(unknownSegment.text).error).toMatchObject({ code: 'unknown_segment', field: 'segmentId' });
    const south = JSON.parse((await api(`/v1/programs/${world.program.id}/analytics?attribute=site&value=south`)).text);
    expect(south.enrolled).toBe(2);
    const bad = await api(`/v1/programs/${world.program.id}/analytics?attribute=site`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.field).toBe('value');
    expect(JSON.parse((await api(`/v1/programs/${world.program.id}/analytics?from=2026-02-01&to=2026-01-01`)).text).error.field).toBe('to');
  });
});

describe('GET /v1/programs/{id}/progress', () => {
  it('counts a touchpoint reached and done only when its message left, as the analytics funnel does', async () => {
    const progress = JSON.parse((await api(`/v1/programs/${world.program.id}/progress`)).text) as { funnel: { touchpoint: string; reached: number; completed: number }[] };
    const analytics = JSON.parse((await api(`/v1/programs/${world.program.id}/analytics`)).text) as { touchpoints: { touchpoint: string; reached: number; completed: number }[] };
    expect(progress.funnel.map((f) => [f.touchpoint, f.reached, f.completed])).toEqual(analytics.touchpoints.map((t) => [t.touchpoint, t.reached, t.completed]));
    // Ben's first-day message was held (window closed), Dee's q-schedule question waits for the end of quiet hours.
    const firstDay = progress.funnel.find((f) => f.touchpoint === 'first-day')!;
    const schedule = progress.funnel.find((f) => f.touchpoint === 'q-schedule')!;
    expect([firstDay.reached, schedule.reached]).toEqual([2, 3]);
  });
});

describe('CSV exports of question results and message delivery', () => {
  it('writes every attempt at a question with its text and the chosen option in the organization language', async () => {
    const rows = parse((await api(`/v1/exports/question-results?programId=${world.program.id}`)).text, { columns: true }) as Record<string, string>[];
    const ben = rows.filter((r) => r.worker_name === 'Ben').map((r) => [r.question, r.outcome, r.answer, r.option_id]);
    expect(ben.sort()).toEqual([
      ['Te sientes mal antes de un turno. ¿Qué haces primero?', 'wrong', 'Voy igual', 'come'],
      ['¿Dónde encuentras tu horario de turnos?', 'wrong', 'Tablero del comedor', 'board'],
    ].sort());
    expect(rows.find((r) => r.worker_name === 'Cai' && r.question_key === 'q-schedule')).toMatchObject({ outcome: 'missed', answer: '' });
    expect(rows.find((r) => r.worker_name === 'Dee')).toMatchObject({ question_key: 'q-schedule', outcome: 'open' });
  });

  it('writes every message of a touchpoint with where it stands', async () => {
    const rows = parse((await api(`/v1/exports/message-delivery?programId=${world.program.id}`)).text, { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.status !== 'read').map((r) => [r.worker_name, r.touchpoint, r.status, r.error_code]).sort()).toEqual([
      ['Ben', 'first-day', 'held', 'window_closed'],
      ['Ben', 'q-sick', 'delivered', ''],
      ['Ben', 'q-sick', 'failed', '63016'],
      ['Dee', 'q-schedule', 'queued', 'quiet_hours'],
    ]);
    expect(rows.every((r) => r.channel_kind === 'console' && r.program === world.program.name)).toBe(true);
  });
});

describe('the console program page', () => {
  it('shows each chart with its denominator, a table under it, the texts in the organization language, and the filters', async () => {
    const session = await signInOverHttp(world.app, 'pm@example.test');
    const page = await (await world.request(`/coach/programs/${world.program.id}`, { headers: { cookie: session.cookie } })).text();
    expect(page).toContain('data-table="funnel"');
    expect(page).toContain('data-table="quiz-first-try"');
    expect(page).toContain('1 of 2, 50 %'); // q-schedule: right at the first try, of those who answered
    expect(page).toContain('2 of 3, 67 %'); // q-sick
    expect(page).toContain('¿Dónde encuentras tu horario de turnos?');
    expect(page).toContain('Tablero del comedor');
    expect(page).not.toContain('>q-schedule<');
    const filtered = await world.request(`/coach/programs/${world.program.id}?attribute=site&value=south`, { headers: { cookie: session.cookie } });
    expect(await filtered.text()).toMatch(/Filtered: <span data-testid="cohort">2<\/span> of 4 workers/);
    const bad = await world.request(`/coach/programs/${world.program.id}?from=yesterday`, { headers: { cookie: session.cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('data-testid="filter-problem"');
  });
});
