import { describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { raiseInboxItems } from '../../src/inbox/raiseInboxItems';
import { listInboxItems } from '../../src/inbox/listInboxItems';
import { updateInboxItem } from '../../src/inbox/updateInboxItem';
import { hours } from '../support/manualClock';
import { subscribeToEvents } from '../support/subscribeToEvents';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'wellbeing-checkin' });
const causesOf = async (workerId: string) => (await listInboxItems(world().em(), { workerId, status: 'all' })).map((item) => item.cause).sort();

describe('the coach inbox is raised by each cause, in the step that caused it', () => {
  it('a low well-being answer, free text the bot could not use twice in a row, and the flow promising a coach call', async () => {
    await subscribeToEvents(world(), ['handoff.requested']);
    const worker = await world().addWorker({ fullName: 'Ana Well' });
    const other = await world().addWorker({ fullName: 'Bo Low' });
    await world().enroll(worker.id);
    await world().enroll(other.id);
    world().clock.advance(hours(2));
    expect(await world().tick()).toBe(2);
    await world().say(worker.phoneNumber!, '4');
    expect(await causesOf(worker.id)).toEqual([]);
    await world().say(other.phoneNumber!, '1');
    expect(await causesOf(other.id)).toEqual(['low_well_being']);
    const [low] = await listInboxItems(world().em(), { workerId: other.id });
    expect(low).toMatchObject({ reason: 'Answered 1 of 5 to "how-are-you"', programId: world().program.id, status: 'open' });

    // The coach-call question: two answers the bot cannot use, then "yes".
    await world().say(other.phoneNumber!, 'banana');
    expect(await causesOf(other.id)).toEqual(['low_well_being']);
    await world().say(other.phoneNumber!, 'what?');
    expect(await causesOf(other.id)).toEqual(['low_well_being', 'unusable_text']);
    await world().say(other.phoneNumber!, '1');
    expect(await causesOf(other.id)).toEqual(['flow_promise', 'low_well_being', 'unusable_text']);
    const promise = (await listInboxItems(world().em(), { workerId: other.id })).find((item) => item.cause === 'flow_promise');
    expect(promise?.reason).toBe('Promised a coach call within two working days');

    // Each new item is a handoff.requested event, written with it.
    const events = await world().sql<{ data: { cause: string } }>(`select data from domain_events where organization_id = :organization_id and type = 'handoff.requested' and worker_id = :id`, { id: other.id });
    expect(events.map((e) => e.data.cause).sort()).toEqual(['flow_promise', 'low_well_being', 'unusable_text']);
  });

  it('the organization sets the well-being threshold', async () => {
    await world().sql(`update organizations set settings = settings || '{"inboxWellBeingThreshold": 3}'::jsonb where id = :organization_id`);
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    world().clock.advance(hours(24 * 7));
    await world().tick();
    await world().say(worker.phoneNumber!, '3');
    expect(await causesOf(worker.id)).toEqual(['low_well_being']);
  });

  it('AGENT and a failed message raise items; one open item per worker and cause; assign, label, note, resolve', async () => {
    const worker = await world().addWorker({ fullName: 'Cy Agent' });
    await world().enroll(worker.id);
    expect(await world().say(worker.phoneNumber!, 'AGENT')).toEqual({ kind: 'keyword', keyword: 'AGENT' });
    await world().say(worker.phoneNumber!, 'AGENT');
    expect(await causesOf(worker.id)).toEqual(['asked_for_person']);
    // As the dispatcher raises it, in the system scope.
    const system = asSystem(world().deps.orm.em, 'test dispatcher');
    await system.transactional((tx) => raiseInboxItems(tx, [{ workerId: worker.id, conversationId: null, cause: 'message_failed', reason: 'A message to them failed: number not on WhatsApp' }], world().clock.now(), world().organization.id));
    expect(await causesOf(worker.id)).toEqual(['asked_for_person', 'message_failed']);

    const [coach] = await world().sql<{ id: string }>(`insert into users (organization_id, email, role, display_name) values (:organization_id, 'cy.coach@example.test', 'coach', 'Coach Cy') returning id`);
    const item = (await listInboxItems(world().em(), { workerId: worker.id })).find((i) => i.cause === 'asked_for_person')!;
    const taken = await updateInboxItem(world().em(), item.id, { assignedUserId: coach.id, labels: ['callback'], note: 'Call after 5pm' }, coach.id, world().clock.now());
    expect(taken).toMatchObject({ assignedUserName: 'Coach Cy', labels: ['callback'], note: 'Call after 5pm', status: 'open' });
    expect((await listInboxItems(world().em(), { assignedUserId: coach.id })).map((i) => i.id)).toEqual([item.id]);
    const resolved = await updateInboxItem(world().em(), item.id, { status: 'resolved' }, coach.id, world().clock.now());
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect((await listInboxItems(world().em(), { workerId: worker.id })).map((i) => i.cause)).toEqual(['message_failed']);
    const [flag] = await world().sql<{ handoff_requested_at: Date | null }>(`select handoff_requested_at from workers where organization_id = :organization_id and id = :id`, { id: worker.id });
    expect(flag.handoff_requested_at).toBeNull();
    // Asking again after it was resolved raises a new item.
    await world().say(worker.phoneNumber!, 'AGENT');
    expect(await causesOf(worker.id)).toEqual(['asked_for_person', 'asked_for_person', 'message_failed']);
    expect(await updateInboxItem(world().em(), item.id, { status: 'open' }, coach.id, world().clock.now())).toMatchObject({ code: 'already_open', field: 'status' });
    // The note never reaches the worker.
    expect((await world().log(worker.id)).some((m) => m.body?.includes('Call after 5pm'))).toBe(false);
  });
});
