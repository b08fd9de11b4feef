import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { Program } from './Program';
import { Worker } from './Worker';

export const assignmentStatuses = ['active', 'completed', 'dropped'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const WorkerAssignment = defineEntity({
  name: 'WorkerAssignment',
  tableName: 'worker_assignments',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    program: p.manyToOne(Program).mapToPk().deleteRule('cascade'),
    worker: p.manyToOne(Worker).mapToPk().deleteRule('cascade').index('idx_wa_worker'),
    enrollmentDate: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
    status: p.string().length(50).$type<AssignmentStatus>().default('active'),
    ...timestamps(),
  },
  // Unique rather than the seed's plain index: a worker is enrolled in a program once.
  uniques: [{ name: 'idx_wa_program_worker', properties: ['program', 'worker'] }],
});
export type IWorkerAssignment = InferEntity<typeof WorkerAssignment>;
