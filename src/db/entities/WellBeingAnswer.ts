import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { Touchpoint } from './Touchpoint';
import { Worker } from './Worker';
import { WorkerAssignment } from './WorkerAssignment';

/** History of well-being answers; workers.well_being_score holds the latest. */
export const WellBeingAnswer = defineEntity({
  name: 'WellBeingAnswer',
  tableName: 'well_being_answers',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    worker: p.manyToOne(Worker).mapToPk().deleteRule('cascade'),
    workerAssignment: p.manyToOne(WorkerAssignment).mapToPk().nullable().deleteRule('set null'),
    touchpoint: p.manyToOne(Touchpoint).mapToPk().nullable().deleteRule('set null'),
    /** 1 (very low) to 5 (very good). */
    value: p.integer(),
    answeredAt: p.datetime(),
  },
  indexes: [{ name: 'idx_wba_worker_time', properties: ['worker', 'answeredAt'] }],
  checks: [{ name: 'well_being_answers_value_check', expression: 'value between 1 and 5' }],
});
export type IWellBeingAnswer = InferEntity<typeof WellBeingAnswer>;
