import { describe, expect, it } from 'vitest';
import { subscribeToEvents } from '../support/subscribeToEvents';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'bench-quiz' });

/** The worker's events by type, each with its deliveries' targets. */
async function eventsOf(workerId: string): Promise<Record<string, string[]>> {
  const rows = await world().sql<{ type: string; targets: string[] }>(
    `select ev.type, array(select d.target from event_deliveries d where d.event_id = ev.id order by d.target) as targets
       from domain_events ev where ev.organization_id = :organization_id and ev.worker_id = :worker order by ev.occurred_at, ev.id`,
    { worker: workerId },
  );
  const byType: Record<string, string[]> = {};
  for (const row of rows) byType[row.type] = [...(byType[row.type] ?? []), ...row.targets];
  return byType;
}

/** A worker enrolled (an event written on the ORM path) who answered the quiz's first question (on the hot path). */
async function workerWhoAnswered(): Promise<string> {
  const worker = await world().addWorker();
  await world().enroll(worker.id);
  expect(await world().say(worker.phoneNumber!, '1')).toMatchObject({ kind: 'advanced' });
  return worker.id;
}

// The outbox's rows are read through their deliveries only: an event no endpoint and no LRS takes
// would be stored and never read (3.3 rows an answer in the bench).
describe('the events written are those someone takes', () => {
  it('writes none while the organization has no endpoint and no LRS', async () => {
    expect(await eventsOf(await workerWhoAnswered())).toEqual({});
  });

  it('writes the types an endpoint subscribes to, enabled or not, each with its delivery, and no other', async () => {
    await subscribeToEvents(world(), ['quiz.answered', 'worker.enrolled']);
    await world().sql(`update webhook_endpoints set enabled = false where organization_id = :organization_id`);
    expect(await eventsOf(await workerWhoAnswered())).toEqual({ 'worker.enrolled': ['webhook'], 'quiz.answered': ['webhook'] });
  });

  it("writes the learning events for the organization's enabled LRS, not for a disabled one", async () => {
    await world().sql(
      `insert into lrs_configs (organization_id, endpoint, username, password_ciphertext, home_page, enabled)
       values (:organization_id, 'https://lrs.example', 'u', 'sealed', 'https://example.com', false)`,
    );
    expect(await eventsOf(await workerWhoAnswered())).toEqual({ 'worker.enrolled': ['webhook'], 'quiz.answered': ['webhook'] });
    await world().sql(`update lrs_configs set enabled = true where organization_id = :organization_id`);
    expect(await eventsOf(await workerWhoAnswered())).toEqual({
      'worker.enrolled': ['webhook'],
      // the welcome and the first question
      'touchpoint.completed': ['xapi', 'xapi'],
      'quiz.answered': ['webhook', 'xapi'],
    });
  });
});
