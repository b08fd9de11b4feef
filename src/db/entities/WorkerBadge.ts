import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Badge } from './Badge';
import { unindexedOrganizationId } from './organizationColumn';
import { Worker } from './Worker';

export const WorkerBadge = defineEntity({
  name: 'WorkerBadge',
  tableName: 'worker_badges',
  properties: {
    worker: p.manyToOne(Worker).mapToPk().primary().deleteRule('cascade'),
    badge: p.manyToOne(Badge).mapToPk().primary().deleteRule('cascade'),
    organization: unindexedOrganizationId(),
    awardedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  },
});
export type IWorkerBadge = InferEntity<typeof WorkerBadge>;
