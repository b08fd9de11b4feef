import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { endJourneyHot } from '../../src/engine/hotJourneyEndStatement';
import { blocksOf, executeOf, inRolledBackHotTransaction, ofOrganization, prepareGeneric } from '../support/genericPlanBlocks';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'bench-quiz' });

let batches = 0;

/**
 * `count` more workers of the organization enrolled in the program, each with a conversation of
 * its journey (`status`: their enrollment's and conversation's), assigned to `variant` (of a
 * program-level experiment) when given: answers their ids in the order they were added.
 */
async function workersPlaying(client: pg.PoolClient, count: number, status: 'active' | 'completed', variant?: string): Promise<string[]> {
  const { rows } = await client.query<{ worker_id: string }>(
    `with added as (
       insert into workers (organization_id, full_name, phone_number, language, timezone)
       select $1, 'Player ' || n, '+1' || $5::int || lpad(n::text, 7, '0'), 'en', 'UTC' from generate_series(1, $4::int) n
       returning id),
     enrolled as (
       insert into worker_assignments (organization_id, program_id, worker_id, status) select $1, $2, id, $6 from added returning id, worker_id),
     assigned as (
       insert into experiment_assignments (organization_id, experiment_id, experiment_variant_id, worker_id)
       select $1, v.experiment_id, v.id, added.id from added join experiment_variants v on v.id = $7)
     insert into conversations (organization_id, worker_id, worker_assignment_id, journey_blueprint_id, status, snapshot, started_at)
     select $1, worker_id, id, $3, $6, '{}', now() from enrolled
     returning worker_id`,
    [world().organization.id, world().program.id, world().blueprint.id, count, 600 + (batches += 1), status, variant ?? null],
  );
  return rows.map((row) => row.worker_id);
}

/** A program-level experiment of the program, running, whose one variant plays a journey after the quiz: answers the variant. */
async function experimentWithJourneyAfter(client: pg.PoolClient): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `with blueprint as (
       insert into journey_blueprints (organization_id, title, key, version, status, definition, content_hash)
       values ($1, 'After the quiz', 'after-quiz', 1, 'published', '{}', 'after-quiz') returning key, id),
     step as (
       insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) select $1, $2, id, 2 from blueprint),
     experiment as (
       insert into experiments (organization_id, experiment_type, name, key, seed, status, program_id)
       values ($1, 'program', 'After the quiz', 'after-quiz', 'seed', 'running', $2) returning id)
     insert into experiment_variants (organization_id, experiment_id, variant_name, key, is_control, blueprint_key)
     select $1, experiment.id, 'Control', 'control', true, blueprint.key from experiment, blueprint
     returning id`,
    [world().organization.id, world().program.id],
  );
  return rows[0]!.id;
}

/**
 * The journey end of the last of the organization's workers, on a generic plan made while it had
 * `young` of them (no statistics), after 6,000 more played the program's journey (half of them
 * finished): answers the statement's answer and the shared blocks of that one call.
 */
async function journeyEndAfterGrowth(client: pg.PoolClient, young: number, variant?: string) {
  const statement = ofOrganization(endJourneyHot, world().organization.id);
  const [first] = await workersPlaying(client, young, 'active', variant);
  const name = await prepareGeneric(client, statement);
  const call = (worker: string) => executeOf(client, name, statement, { worker, at: new Date(world().clock.now()) });
  await client.query(`explain ${call(first!)}`);
  await workersPlaying(client, 3_000, 'active', variant);
  await workersPlaying(client, 3_000, 'completed', variant);
  const [last] = await workersPlaying(client, 1, 'active', variant);

  await client.query('savepoint answered');
  const { rows: [answer] } = await client.query<{ journey_follows: boolean; completed_programs: string[] }>(call(last!));
  await client.query('rollback to savepoint answered');
  return { answer, blocks: await blocksOf(client, call(last!)) };
}

// The journey end looks up one worker's enrollments, conversations and experiment assignments.
// Planned on a young organization, it found whether the journey was played through every
// conversation of the blueprint (conversations_blueprint_index), the worker's enrollments through
// every active one of the program (worker_assignments_program_status_index) and their variant
// through every assignment of the experiment (experiment_assignments_unit_index): 166 to 334
// blocks a call here, growing with the organization (52, 147 then 241 in the bench's rounds); 45
// to 48 since, as many as with 4,000 or 10,000 more workers.
describe("the journey end's statement, planned while the organization is young (no statistics)", () => {
  it.each([1, 100])('reads a bounded number of blocks when the journey was the program\'s last (planned with %i workers), then 6,000 more', async (young) => {
    await inRolledBackHotTransaction(world().deps.hot, async (client) => {
      const { answer, blocks } = await journeyEndAfterGrowth(client, young);

      expect(answer).toEqual({ journey_follows: false, completed_programs: [world().program.id] });
      expect(blocks).toBeLessThan(100);
    });
  });

  it.each([1, 100])('reads a bounded number of blocks when a program experiment\'s variant journey follows (planned with %i workers), then 6,000 more assigned to it', async (young) => {
    await inRolledBackHotTransaction(world().deps.hot, async (client) => {
      const { answer, blocks } = await journeyEndAfterGrowth(client, young, await experimentWithJourneyAfter(client));

      expect(answer).toEqual({ journey_follows: true, completed_programs: [] });
      expect(blocks).toBeLessThan(100);
    });
  });
});
