import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';
import { Touchpoint } from './Touchpoint';
import { WorkerAssignment } from './WorkerAssignment';

/** One row per attempt at a touchpoint: a remediation loop that asks again records a new row. */
export const WorkerProgress = defineEntity({
  name: 'WorkerProgress',
  tableName: 'worker_progress',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    workerAssignment: p.manyToOne(WorkerAssignment).mapToPk().deleteRule('cascade'),
    touchpoint: p.manyToOne(Touchpoint).mapToPk().deleteRule('cascade'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    /** Quiz points earned on this attempt. */
    score: p.decimal('number').precision(5).scale(2).nullable(),
    /** Reflection or free answer text. */
    feedbackText: p.text().nullable(),
    /** 1-based attempt number at this touchpoint within the assignment. */
    attempt: p.integer().default(1),
    /** For quizzes: whether the answer was correct. */
    correct: p.boolean().nullable(),
    /** The worker's raw answer (option id or text). */
    answer: p.text().nullable(),
    ...timestamps(),
  },
  indexes: [{ name: 'idx_wp_wa_tp', properties: ['workerAssignment', 'touchpoint'] }],
});
export type IWorkerProgress = InferEntity<typeof WorkerProgress>;
