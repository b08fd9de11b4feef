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
    /** What `variant: {experiment, is}` rules name. */
    key: p.string().length(100),
    variantName: p.string().length(255),
    weight: p.double().default(1),
    isControl: p.boolean().default(false),
    /** Program level: the blueprint key this variant's workers get. */
    blueprintKey: p.string().length(255).nullable(),
    position: p.integer().default(0),
    /** Program level: the send time, reminders and gamification this variant's workers get (src/experiments/deliveryPolicy.ts). */
    deliveryPolicy: p.json<Record<string, unknown>>().nullable(),
    variantDetails: p.json<Record<string, unknown>>().nullable(),
    ...timestamps(),
  },
});
export type IExperimentVariant = InferEntity<typeof ExperimentVariant>;
