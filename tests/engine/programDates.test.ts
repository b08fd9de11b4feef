import { describe, expect, it } from 'vitest';
import { countCohort } from '../../src/analytics/loadTouchpointFigures';
import { hasProgramEnded } from '../../src/engine/programDates';
import { describeDateChange } from '../../src/programs/describeDateChange';
import { endDuePrograms } from '../../src/programs/endDuePrograms';
import { resumePendingEnrollments } from '../../src/programs/resumePendingEnrollments';
import { asSystem } from '../../src/db/tenancy/scopes';
import { hours, minutes } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });
const system = () => asSystem(world().deps.orm.em, 'test scheduler');
const setDates = (start: string | null, end: string | null) =>
  world().sql(`update programs set start_date = :start::date, end_date = :end::date where organization_id = :organization_id and id = :id`, { start, end, id: world().program.id });

describe('a program that keeps its dates (the clock starts Monday 5 Jan 2026, 07:00 UTC)', () => {
  it('holds an enrollment until the start date, then sends the first message at 09:00 in the worker’s own timezone', async () => {
    await setDates('2026-01-07', null);
    const worker = await world().addWorker();
    await world().sql(`update workers set timezone = 'America/Mexico_City' where organization_id = :organization_id and id = :id`, { id: worker.id });
    expect(await world().enroll(worker.id)).toBe(true);
    expect(await world().log(worker.id)).toEqual([]);
    const [assignment] = await world().sql<{ status: string }>(`select status from worker_assignments where organization_id = :organization_id and worker_id = :id`, { id: worker.id });
    expect(assignment.status).toBe('active');
    expect(await world().say(worker.phoneNumber!, 'hello?')).toEqual({ kind: 'no_active_conversation' });

    // 7 Jan, 09:00 UTC is 03:00 in Mexico City: still waiting.
    world().clock.advance(hours(50));
    expect((await resumePendingEnrollments(system(), world().clock.now())).started).toBe(0);
    // 7 Jan, 08:59 in Mexico City (14:59 UTC): one minute early.
    world().clock.advance(hours(5) + minutes(59));
    expect((await resumePendingEnrollments(system(), world().clock.now())).started).toBe(0);
    world().clock.advance(minutes(1));
    expect(await resumePendingEnrollments(system(), world().clock.now())).toEqual({ programs: 1, started: 1 });
    const first = (await world().log(worker.id)).filter((m) => m.direction === 'outbound');
    expect(first.map((m) => m.touchpoint_key)).toContain('q-schedule');
    // Proactive: the dispatcher holds it through the organization's quiet hours.
    expect(first.at(-1)?.priority).toBe(1);
  });

  it('says what moving the end date will do, then closes running conversations politely when the date has passed, and refuses late joiners', async () => {
    const effect = await describeDateChange(world().em(), world().program.id, { endDate: '2026-01-08' }, world().clock.now());
    expect(effect.runningConversations).toBe(1);
    expect(effect.statements).toEqual(['Moving the end date to 8 Jan 2026 closes 1 running conversation then (at the end of that day, UTC time), each with the closing message, and refuses later joiners from then on.']);
    await setDates('2026-01-07', '2026-01-08');

    // 7 Jan 15:00 UTC → 8 Jan 23:59 UTC: still running.
    world().clock.advance(hours(32) + minutes(59));
    expect(await endDuePrograms(system(), world().clock.now())).toEqual({ ended: 0 });
    expect(await hasProgramEnded(world().em(), world().program.id, world().clock.now())).toBe(false);
    world().clock.advance(minutes(1));
    expect(await hasProgramEnded(world().em(), world().program.id, world().clock.now())).toBe(true);
    expect(await endDuePrograms(system(), world().clock.now())).toEqual({ ended: 1 });
    expect(await endDuePrograms(system(), world().clock.now())).toEqual({ ended: 0 });

    const [program] = await world().sql<{ status: string }>(`select status from programs where organization_id = :organization_id and id = :id`, { id: world().program.id });
    expect(program.status).toBe('completed');
    const conversations = await world().sql<{ status: string }>(`select status from conversations where organization_id = :organization_id`);
    expect(conversations.map((c) => c.status)).toEqual(['ended']);
    const [worker] = await world().sql<{ id: string }>(`select worker_id as id from worker_assignments where organization_id = :organization_id`);
    expect((await world().log(worker.id)).at(-1)?.body).toBe('This program has ended. Thank you for taking part!');
    expect(await countCohort(world().em(), world().program.id, {})).toEqual({ enrolled: 1, completed: 1, dropped: 0 });
    expect(await world().sql('select 1 from timers where organization_id = :organization_id')).toEqual([]);
  });
});
