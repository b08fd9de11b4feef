import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { organizationId } from './organizationColumn';
import { Segment } from './Segment';
import { Worker } from './Worker';

export const WorkerSegment = defineEntity({
  name: 'WorkerSegment',
  tableName: 'worker_segment',
  properties: {
    worker: p.manyToOne(Worker).mapToPk().primary().deleteRule('cascade').index('idx_ws_worker'),
    segment: p.manyToOne(Segment).mapToPk().primary().deleteRule('cascade').index('idx_ws_segment'),
    organization: organizationId(),
    assignedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  },
});
export type IWorkerSegment = InferEntity<typeof WorkerSegment>;
