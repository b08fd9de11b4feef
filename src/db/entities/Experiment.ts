import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { User } from './User';

export const Experiment = defineEntity({
  name: 'Experiment',
  tableName: 'experiments',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId().index('idx_expt_org'),
    /** journey_level (content variants) or program_level (delivery variants). */
    experimentType: p.string().length(50),
    name: p.string().length(255),
    status: p.string().length(50).default('active'),
    startDate: p.datetime().nullable(),
    endDate: p.datetime().nullable(),
    createdBy: p.manyToOne(User).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    updatedBy: p.manyToOne(User).mapToPk().fieldName('updated_by').nullable().deleteRule('set null'),
    ...timestamps(),
  },
});
export type IExperiment = InferEntity<typeof Experiment>;
