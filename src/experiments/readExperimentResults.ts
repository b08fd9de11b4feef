import type { EntityManager } from '@mikro-orm/postgresql';
import { computeExperimentResults, type ExperimentResults } from './computeExperimentResults';
import { readExperiment, type ExperimentView } from './readExperiment';
import { findExperimentFlows, readExperimentUnits, type Analysis } from './readExperimentUnits';

/** The experiment and its results now (intention-to-treat by default). */
export async function readExperimentResults(em: EntityManager, id: string, analysis: Analysis): Promise<{ experiment: ExperimentView; results: ExperimentResults }> {
  const experiment = (await readExperiment(em, id)) as ExperimentView;
  const units = await readExperimentUnits(em, experiment, { flows: await findExperimentFlows(em, experiment) });
  const analysed = analysis === 'per_protocol' ? units.filter((unit) => unit.exposed_at !== null) : units;
  return { experiment, results: computeExperimentResults(experiment, analysed, analysis, units) };
}
