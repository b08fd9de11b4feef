import { expect } from 'vitest';
import type { EngineWorld } from './engineWorld';
import { days } from './manualClock';

/**
 * Plays the onboarding example as a worker would, through `send` (a channel's webhook), and
 * checks what the journey must leave behind: scores, the reflection, both badges, the log.
 */
export async function playOnboarding(world: EngineWorld, workerId: string, send: (text: string) => Promise<void>) {
  await world.enroll(workerId);
  await send('Team app');
  await send('1');
  world.clock.advance(days(1));
  expect(await world.tick()).toBe(1);
  await send('Tiring, but I learned a lot.');

  const progress = await world.sql<{ key: string; correct: boolean | null; feedback_text: string | null; completed: boolean }>(
    `select t.key, wp.correct, wp.feedback_text, wp.completed_at is not null as completed
       from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id
       join worker_assignments wa on wa.id = wp.worker_assignment_id
      where wp.organization_id = :organization_id and wa.worker_id = :worker`,
    { worker: workerId },
  );
  expect(progress.map((p) => p.key).sort()).toEqual(['first-day', 'hello', 'q-schedule', 'q-sick', 'thanks', 'video']);
  expect(progress.filter((p) => p.correct === true).map((p) => p.key).sort()).toEqual(['q-schedule', 'q-sick']);
  expect(progress.find((p) => p.key === 'first-day')?.feedback_text).toBe('Tiring, but I learned a lot.');
  expect(progress.every((p) => p.completed)).toBe(true);

  const badges = await world.sql<{ key: string }>(
    `select b.key from worker_badges wb join badges b on b.id = wb.badge_id where wb.organization_id = :organization_id and wb.worker_id = :worker order by b.key`,
    { worker: workerId },
  );
  expect(badges.map((b) => b.key)).toEqual(['first-steps', 'quick-learner']);

  const log = await world.log(workerId);
  expect(log.filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(['Team app', '1', 'Tiring, but I learned a lot.']);
  expect(log.at(-2)?.body).toMatch(/^Thank you .*2 of 2 points/);
  expect(log.at(-1)?.body).toBe('You earned a badge: First steps! Send PROGRESS to see all your badges.');
}
