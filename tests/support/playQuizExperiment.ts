import { changeExperimentStatus } from '../../src/experiments/changeExperimentStatus';
import { createExperiment } from '../../src/experiments/createExperiment';
import { createExperimentSchema } from '../../src/experiments/experimentDesign';
import type { EngineWorld } from './engineWorld';

/** The flow of flows/lifting-quiz.yaml (the demo experiment's journey), for `useEngineWorld({ flow })` and the web world. */
export const liftingQuizFlow = 'lifting-quiz';

/**
 * Runs the lifting-quiz experiment (long: control, short) in a world playing lifting-quiz.yaml:
 * `count` workers enrolled, each answers "1" (right on the short quiz, wrong on the long one).
 * Returns the experiment id and the workers.
 */
export async function playQuizExperiment(world: Pick<EngineWorld, 'em' | 'clock' | 'addWorker' | 'enroll' | 'say'>, count: number, phonePrefix = '+1555710') {
  const created = await createExperiment(world.em(), createExperimentSchema.parse({
    key: 'lifting-quiz',
    name: 'Short quiz',
    level: 'journey',
    hypothesis: 'A short, plain quiz question raises first-try correctness',
    primaryMetric: 'first_try_correct',
    secondaryMetrics: ['journey_completion'],
    plannedSample: 20,
    variants: [{ key: 'long', control: true }, { key: 'short' }],
  }));
  if ('problem' in created) throw new Error(created.problem.message);
  await changeExperimentStatus(world.em(), created.id, 'start', world.clock.now());
  const workers = [];
  for (let i = 0; i < count; i++) workers.push(await world.addWorker({ phoneNumber: `${phonePrefix}${String(i).padStart(4, '0')}` }));
  for (const worker of workers) await world.enroll(worker.id);
  for (const worker of workers) {
    world.clock.advance(60_000);
    await world.say(worker.phoneNumber as string, '1');
  }
  return { experimentId: created.id, workers };
}
