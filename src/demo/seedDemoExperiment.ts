import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { assignUnits } from '../experiments/assignUnits';
import { changeExperimentStatus } from '../experiments/changeExperimentStatus';
import { createExperiment } from '../experiments/createExperiment';
import { createExperimentSchema } from '../experiments/experimentDesign';
import { hashUnit } from '../experiments/hashUnit';
import { loadAssignableExperiments } from '../experiments/loadAssignableExperiments';
import { demoIds } from './seedDemo';

const learners = 160;
const day = 86_400_000;
/** First-try correctness the simulated answers are drawn with, per variant. */
const rightRate: Record<string, number> = { long: 0.55, short: 0.8 };

/**
 * The demo experiment "Short lifting quiz" (README "Running an experiment"): 160 demo learners
 * (+15550010000…), assigned by the real hash two weeks ago, each with a finished lifting-quiz
 * journey whose first answer is drawn from their variant's rate (deterministically, from the
 * hash of their fixed id: every start shows the same result), so the results page has something
 * to show. Written set-based; once.
 */
export async function seedDemoExperiment(rootEm: EntityManager, at: number): Promise<void> {
  const em = forOrganization(rootEm, demoIds.clientOrganization);
  if ((await scopedSql(em, `select 1 from experiments where organization_id = :organization_id and key = 'lifting-quiz'`)).length > 0) return;
  const [blueprint] = await scopedSql<{ id: string }>(em, `select id from journey_blueprints where organization_id = :organization_id and key = 'lifting-quiz' and status = 'published' order by version desc limit 1`);
  if (!blueprint) return;
  const start = at - 14 * day;
  await em.transactional(async (tx) => {
    const created = await createExperiment(tx, createExperimentSchema.parse({
      key: 'lifting-quiz',
      name: 'Short lifting quiz',
      level: 'journey',
      hypothesis: 'One short, plain question raises first-try quiz correctness over the long one',
      primaryMetric: 'first_try_correct',
      secondaryMetrics: ['journey_completion', 'time_to_complete'],
      minimumDetectableEffect: 0.2,
      plannedSample: 80,
      variants: [{ key: 'long', name: 'Long question', control: true }, { key: 'short', name: 'Short question' }],
    }));
    if ('problem' in created) throw new Error(`the demo experiment: ${created.problem.message}`);
    await changeExperimentStatus(tx, created.id, 'start', start);
    const [program] = await scopedSql<{ id: string }>(tx, `insert into programs (organization_id, name, status) values (:organization_id, 'Lifting check (experiment)', 'active') returning id`);
    await scopedSql(tx, `insert into program_blueprints (organization_id, program_id, journey_blueprint_id, order_in_program) values (:organization_id, :program, :blueprint, 1)`, { program: program.id, blueprint: blueprint.id });
    const workers = await scopedSql<{ id: string }>(
      tx,
      `insert into workers (id, organization_id, full_name, phone_number, language, timezone, attributes)
       select ('00000000-0000-4000-8001-' || lpad(i::text, 12, '0'))::uuid, :organization_id, 'Demo learner ' || i, '+1555001' || lpad(i::text, 4, '0'), 'en', 'Africa/Nairobi',
              jsonb_build_object('site', (array['Nairobi', 'Mombasa', 'Kisumu'])[1 + i % 3])
         from generate_series(1, :count::int) i returning id`,
      { count: learners },
    );
    const [experiment] = (await loadAssignableExperiments(tx, { journeyKeys: ['lifting-quiz'] })).filter((e) => e.id === created.id);
    const variants = await assignUnits(tx, experiment, workers.map((w) => w.id), start);
    const rows = workers.map(({ id }, i) => {
      const variant = variants.get(id) ?? 'long';
      const begun = start + (i % 10) * day + 3_600_000;
      return { worker: id, variant, begun: new Date(begun).toISOString(), ended: new Date(begun + (1 + (i % 5)) * 3_600_000).toISOString(), correct: hashUnit('demo-answers', id) < rightRate[variant] };
    });
    await scopedSql(
      tx,
      `with r as (select * from jsonb_to_recordset(:rows::jsonb) as r(worker uuid, variant text, begun timestamptz, ended timestamptz, correct boolean)),
       wa as (insert into worker_assignments (organization_id, program_id, worker_id, enrollment_date, status)
              select :organization_id, :program::uuid, r.worker, r.begun, 'completed' from r returning id, worker_id),
       c as (insert into conversations (organization_id, worker_id, worker_assignment_id, journey_blueprint_id, status, snapshot, snapshot_format, version, started_at, ended_at)
             select :organization_id, r.worker, wa.id, :blueprint::uuid, 'completed', '{}', 1, 0, r.begun, r.ended from r join wa on wa.worker_id = r.worker returning worker_id),
       x as (insert into experiment_exposures (experiment_id, worker_id, organization_id, experiment_variant_id, exposed_at)
             select ea.experiment_id, ea.worker_id, :organization_id, ea.experiment_variant_id, r.begun from r join experiment_assignments ea on ea.worker_id = r.worker and ea.experiment_id = :experiment::uuid)
       insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, attempt, correct, score, answer)
       select :organization_id, wa.id, t.id, r.begun, r.ended, 1,
              case when t.key like 'q-%' then r.correct end, case when t.key like 'q-%' then (case when r.correct then 1 else 0 end) end,
              case when t.key like 'q-%' then (case when r.correct then 'knees' else 'back' end) end
         from r join wa on wa.worker_id = r.worker
         join touchpoints t on t.organization_id = :organization_id and t.key in ('intro', 'done', case when r.variant = 'short' then 'q-short' else 'q-long' end)
         join phases ph on ph.id = t.phase_id and ph.journey_blueprint_id = :blueprint::uuid`,
      { rows: JSON.stringify(rows), program: program.id, blueprint: blueprint.id, experiment: created.id },
    );
  });
}
