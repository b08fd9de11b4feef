import { hours } from '../support/manualClock';
import type { EngineWorld } from '../support/engineWorld';

/**
 * The onboarding program played by four workers through the real engine, the organization
 * speaking Spanish, then its messages marked as a dispatcher would have left them:
 * - Ada (site north, segment Day): right at both quizzes, then her reflection two hours after it was asked;
 * - Ben (site north, segment Day): wrong at both quizzes;
 * - Cai (site south): two answers nobody understands use up q-schedule's two attempts, then right at q-sick;
 * - Dee (site south): never answers; her q-schedule question is held by quiet hours.
 * Every other outbound message is read, except Ben's q-sick question (delivered), his q-sick
 * feedback (failed) and his reflection question, held because his 24-hour window had closed.
 */
export async function seedAnalyticsProgram(world: EngineWorld) {
  await world.sql(`update organizations set settings = settings || '{"defaultLanguage": "es"}' where id = :organization_id`);
  const names = ['Ada', 'Ben', 'Cai', 'Dee'] as const;
  const workers = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await world.addWorker({ fullName: name })] as const))) as Record<(typeof names)[number], Awaited<ReturnType<EngineWorld['addWorker']>>>;
  for (const name of names) {
    await world.sql(`update workers set attributes = :attributes where organization_id = :organization_id and id = :id`, {
      id: workers[name].id,
      attributes: JSON.stringify({ site: name === 'Ada' || name === 'Ben' ? 'north' : 'south' }),
    });
    await world.enroll(workers[name].id);
  }
  const [day] = await world.sql<{ id: string }>(`insert into segments (organization_id, name) values (:organization_id, 'Day') returning id`);
  await world.sql(
    `insert into worker_segment (organization_id, worker_id, segment_id) select :organization_id, id, :segment from workers where organization_id = :organization_id and full_name in ('Ada', 'Ben')`,
    { segment: day.id },
  );
  const phone = (name: (typeof names)[number]) => workers[name].phoneNumber!;
  world.clock.advance(hours(1));
  await world.say(phone('Ada'), 'Team app');
  await world.say(phone('Ben'), 'Break room board');
  await world.say(phone('Cai'), 'banana');
  await world.say(phone('Cai'), 'banana');
  world.clock.advance(hours(1));
  await world.say(phone('Ada'), '1');
  await world.say(phone('Ben'), 'Come in anyway');
  await world.say(phone('Cai'), 'Call my supervisor');
  world.clock.advance(hours(24));
  await world.tick();
  world.clock.advance(hours(2));
  await world.say(phone('Ada'), 'Long day, but the team was kind.');

  await world.sql(`update messages set status = 'read', sent_at = created_at, delivered_at = created_at, read_at = created_at where organization_id = :organization_id and direction = 'outbound'`);
  const mark = async (name: (typeof names)[number], touchpoint: string, set: string, which: 'first' | 'last' = 'first') =>
    world.sql(
      `update messages set ${set} where id = (select id from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound' and touchpoint_key = :touchpoint order by seq ${which === 'first' ? 'asc' : 'desc'} limit 1)`,
      { worker: workers[name].id, touchpoint },
    );
  await mark('Dee', 'q-schedule', `status = 'queued', sent_at = null, delivered_at = null, read_at = null, error_code = 'quiet_hours', error_reason = 'deferred until 07:00'`);
  await mark('Ben', 'q-sick', `status = 'delivered', read_at = null`);
  await mark('Ben', 'q-sick', `status = 'failed', sent_at = null, delivered_at = null, read_at = null, failed_at = created_at, error_code = '63016'`, 'last');
  await mark('Ben', 'first-day', `status = 'held', sent_at = null, delivered_at = null, read_at = null, error_code = 'window_closed', error_reason = 'outside the 24-hour window'`);
  return { workers, segmentId: day.id };
}
