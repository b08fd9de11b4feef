import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { Experiment } from './Experiment';
import { organizationId } from './organizationColumn';

export const ExperimentVariant = defineEntity({
  name: 'ExperimentVariant',
  tableName: 'experiment_variants',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    experiment: p.manyToOne(Experiment).mapToPk().deleteRule('cascade').index('idx_variant_expt'),
    variantName: p.string().length(255),
    variantDetails: p.json<Record<string, unknown>>().nullable(),
    ...timestamps(),
  },
});
export type IExperimentVariant = InferEntity<typeof ExperimentVariant>;
