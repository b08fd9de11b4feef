import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
import { Experiment } from './Experiment';
import { ExperimentVariant } from './ExperimentVariant';
import { organizationId } from './organizationColumn';
import { Worker } from './Worker';

export const ExperimentAssignment = defineEntity({
  name: 'ExperimentAssignment',
  tableName: 'experiment_assignments',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    experimentVariant: p.manyToOne(ExperimentVariant).mapToPk().deleteRule('cascade').index('idx_ea_variant'),
    experiment: p.manyToOne(Experiment).mapToPk().deleteRule('cascade'),
    worker: p.manyToOne(Worker).mapToPk().deleteRule('cascade').index('idx_ea_worker'),
    /** The worker id, or their cluster's attribute value. */
    unitId: p.string().length(255).nullable(),
    stratum: p.string().length(255).nullable(),
    /** hashUnit(seed, unitId), in [0, 1). */
    bucket: p.double().nullable(),
    assignedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  },
});
export type IExperimentAssignment = InferEntity<typeof ExperimentAssignment>;
