import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
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
    worker: p.manyToOne(Worker).mapToPk().nullable().deleteRule('cascade').index('idx_ea_worker'),
    assignedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  },
});
export type IExperimentAssignment = InferEntity<typeof ExperimentAssignment>;
