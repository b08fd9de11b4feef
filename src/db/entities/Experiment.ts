import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { Program } from './Program';
import { Segment } from './Segment';
import { User } from './User';

export const Experiment = defineEntity({
  name: 'Experiment',
  tableName: 'experiments',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId().index('idx_expt_org'),
    /** journey (variants are branches inside a blueprint) or program (variants choose the blueprint). */
    experimentType: p.string().length(50),
    name: p.string().length(255),
    /** draft, running, stopped or analysed (src/experiments). */
    status: p.string().length(50).default('draft'),
    key: p.string().length(100),
    /** Hashed with each unit id (hashUnit). */
    seed: p.string().length(100),
    /** null: each worker is a unit; else the worker attribute naming the cluster. */
    unitAttribute: p.string().length(100).nullable(),
    stratifyAttribute: p.string().length(100).nullable(),
    segment: p.manyToOne(Segment).mapToPk().nullable().deleteRule('set null'),
    program: p.manyToOne(Program).mapToPk().nullable().deleteRule('set null'),
    hypothesis: p.text().nullable(),
    primaryMetric: p.string().length(50).default('journey_completion'),
    secondaryMetrics: p.json<string[]>().default('[]'),
    minimumDetectableEffect: p.double().nullable(),
    /** Units planned per variant. */
    plannedSample: p.integer().nullable(),
    analysedAt: p.datetime().nullable(),
    startDate: p.datetime().nullable(),
    endDate: p.datetime().nullable(),
    createdBy: p.manyToOne(User).mapToPk().fieldName('created_by').nullable().deleteRule('set null'),
    updatedBy: p.manyToOne(User).mapToPk().fieldName('updated_by').nullable().deleteRule('set null'),
    ...timestamps(),
  },
});
export type IExperiment = InferEntity<typeof Experiment>;
